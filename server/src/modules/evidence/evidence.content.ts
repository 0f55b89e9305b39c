import { createHash } from 'node:crypto';
import { BadInputError } from '../../graphql/errors';

/**
 * What an evidence file may be, decided from its CONTENT (magic bytes) and its name's extension
 * together: a renamed executable (`setup.exe` → `证明.pdf`) has no PDF signature and is refused,
 * and a real PDF named `.png` is refused too, so the stored type is always what the bytes are.
 */

/** Largest evidence file, decoded. The JSON body limit of /graphql (http/app.ts) leaves room for
 * its base64 form (4/3 of it) plus the rest of the request. */
export const EVIDENCE_MAX_BYTES = 8 * 1024 * 1024;

/** The base64 text of a file of {@link EVIDENCE_MAX_BYTES} (what we accept before decoding). */
const MAX_BASE64_LENGTH = Math.ceil(EVIDENCE_MAX_BYTES / 3) * 4;

interface EvidenceKind {
  extensions: string[];
  contentType: string;
  matches(content: Buffer): boolean;
}

const startsWith = (content: Buffer, bytes: number[]) => bytes.every((b, i) => content[i] === b);
/** A ZIP archive (local file header "PK\3\4") holding an entry under `folder` (OOXML parts). */
const ooxml = (content: Buffer, folder: string) =>
  startsWith(content, [0x50, 0x4b, 0x03, 0x04]) &&
  content.includes('[Content_Types].xml') &&
  content.includes(folder);

export const EVIDENCE_KINDS: readonly EvidenceKind[] = [
  {
    extensions: ['pdf'],
    contentType: 'application/pdf',
    matches: (c) => startsWith(c, [0x25, 0x50, 0x44, 0x46, 0x2d]), // %PDF-
  },
  {
    extensions: ['png'],
    contentType: 'image/png',
    matches: (c) => startsWith(c, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  {
    extensions: ['jpg', 'jpeg'],
    contentType: 'image/jpeg',
    matches: (c) => startsWith(c, [0xff, 0xd8, 0xff]),
  },
  {
    extensions: ['xlsx'],
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    matches: (c) => ooxml(c, 'xl/'),
  },
  {
    extensions: ['docx'],
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    matches: (c) => ooxml(c, 'word/'),
  },
];

/** The extensions users may upload, for messages and the client's file picker. */
export const EVIDENCE_EXTENSIONS = EVIDENCE_KINDS.flatMap((k) => k.extensions);

const LIMIT_TEXT = `${EVIDENCE_MAX_BYTES / 1024 / 1024} MB`;

/** A file name fit to store and to send back in Content-Disposition: no path, no control characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  if (!cleaned || cleaned.length > 200) {
    throw new BadInputError('文件名须为 1–200 个字符', { field: 'fileName' });
  }
  return cleaned;
}

export interface CheckedEvidence {
  fileName: string;
  contentType: string;
  content: Buffer;
  sha256: string;
}

/**
 * Decodes and checks an upload: base64 well-formed, not empty, at most {@link EVIDENCE_MAX_BYTES},
 * an allowed extension whose signature the content carries. BAD_USER_INPUT otherwise.
 */
export function checkEvidence(fileName: string, contentBase64: string): CheckedEvidence {
  const name = cleanFileName(fileName);
  const text = contentBase64.replace(/\s+/g, '');
  // Why before decoding: a 50 MB upload is refused without allocating its buffer.
  if (text.length > MAX_BASE64_LENGTH + 4) {
    throw new BadInputError(`文件超过 ${LIMIT_TEXT} 的上限，请压缩或拆分后再上传`, {
      field: 'contentBase64',
      maxBytes: EVIDENCE_MAX_BYTES,
    });
  }
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) {
    throw new BadInputError('文件内容不是有效的 base64 编码', { field: 'contentBase64' });
  }
  const content = Buffer.from(text, 'base64');
  if (content.length === 0) throw new BadInputError('文件是空的', { field: 'contentBase64' });
  if (content.length > EVIDENCE_MAX_BYTES) {
    throw new BadInputError(`文件超过 ${LIMIT_TEXT} 的上限，请压缩或拆分后再上传`, {
      field: 'contentBase64',
      maxBytes: EVIDENCE_MAX_BYTES,
    });
  }
  const extension = name.includes('.') ? name.split('.').pop()!.toLowerCase() : '';
  const kind = EVIDENCE_KINDS.find((k) => k.extensions.includes(extension));
  if (!kind) {
    throw new BadInputError(`不支持的文件类型，只能上传 ${EVIDENCE_EXTENSIONS.join('、')} 文件`, {
      field: 'fileName',
      allowed: EVIDENCE_EXTENSIONS,
    });
  }
  if (!kind.matches(content)) {
    throw new BadInputError(`文件内容与扩展名 .${extension} 不符（可能是改了扩展名的其他文件），已拒绝`, {
      field: 'contentBase64',
    });
  }
  return {
    fileName: name,
    contentType: kind.contentType,
    content,
    sha256: createHash('sha256').update(content).digest('hex'),
  };
}

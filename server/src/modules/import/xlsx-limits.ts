import yauzl from 'yauzl';
import { ImportError } from './import.errors';

/**
 * What an uploaded workbook may unpack to (docs/limits.md). A plan's table is a few hundred rows in
 * one sheet; these leave wide room and keep exceljs's memory bounded (it needs many times the XML).
 */
export const XLSX_LIMITS = {
  /** Sum of the uncompressed sizes of all parts. */
  maxUncompressedBytes: 40 * 1024 * 1024,
  /** Parts (files) in the zip. */
  maxEntries: 500,
  /** Worksheets. */
  maxSheets: 20,
  /** `<row>` elements over all worksheets. */
  maxRows: 20_000,
} as const;

const SHEET = /^xl\/worksheets\/[^/]+\.xml$/i;
const MB = 1024 * 1024;

function open(content: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(content, { lazyEntries: true, validateEntrySizes: true }, (error, zip) =>
      error || !zip ? reject(error ?? new Error('no zip')) : resolve(zip),
    ),
  );
}

/** Counts `<row` in an entry while inflating it, stopping as soon as `budget` is passed. */
function countRows(zip: yauzl.ZipFile, entry: yauzl.Entry, budget: number): Promise<number> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(error ?? new Error('no stream'));
      let rows = 0;
      let tail = '';
      stream.on('data', (chunk: Buffer) => {
        const text = tail + chunk.toString('latin1');
        let at = text.indexOf('<row');
        while (at >= 0) {
          const next = text.charCodeAt(at + 4);
          if (next === 32 || next === 62 || Number.isNaN(next)) rows++; // "<row " or "<row>"
          at = text.indexOf('<row', at + 4);
        }
        tail = text.slice(-4);
        if (rows > budget) {
          stream.destroy();
          resolve(rows);
        }
      });
      stream.on('end', () => resolve(rows));
      stream.on('error', reject);
    });
  });
}

/**
 * Refuses a workbook before exceljs parses it, from its zip directory (and, for the row count, an
 * inflating scan of the worksheets that stops at the limit): too much uncompressed data, too many
 * parts, sheets or rows. A zip whose parts are bigger than their headers claim is refused by yauzl.
 * @throws ImportError (BAD_USER_INPUT) naming the limit passed.
 */
export async function checkXlsxLimits(name: string, content: Buffer): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await open(content);
  } catch {
    throw new ImportError('无法读取 Excel 工作簿（文件可能已损坏，或不是 .xlsx 文件）', { file: name });
  }
  const refuse = (problem: string) => new ImportError(problem, { file: name });
  try {
    if (zip.entryCount > XLSX_LIMITS.maxEntries)
      throw refuse(`工作簿包含的部件过多（${zip.entryCount} 个，上限 ${XLSX_LIMITS.maxEntries}）`);
    let uncompressed = 0;
    let sheets = 0;
    let rows = 0;
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', resolve);
      zip.on('entry', (entry: yauzl.Entry) => {
        void (async () => {
          uncompressed += entry.uncompressedSize;
          if (uncompressed > XLSX_LIMITS.maxUncompressedBytes)
            throw refuse(
              `工作簿解压后过大（超过 ${XLSX_LIMITS.maxUncompressedBytes / MB} MB），请只保留需要导入的工作表和数据`,
            );
          if (SHEET.test(entry.fileName)) {
            sheets++;
            if (sheets > XLSX_LIMITS.maxSheets)
              throw refuse(
                `工作簿的工作表过多（上限 ${XLSX_LIMITS.maxSheets} 个），请只保留需要导入的工作表`,
              );
            rows += await countRows(zip, entry, XLSX_LIMITS.maxRows - rows);
            if (rows > XLSX_LIMITS.maxRows)
              throw refuse(`工作簿的行数过多（超过 ${XLSX_LIMITS.maxRows.toLocaleString('en-US')} 行）`);
          }
          zip.readEntry();
        })().catch(reject);
      });
      zip.readEntry();
    });
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError('无法读取 Excel 工作簿（文件可能已损坏，或不是 .xlsx 文件）', { file: name });
  } finally {
    zip.close();
  }
}

import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readSheet } from '../spreadsheet';
import { XLSX_LIMITS } from '../xlsx-limits';

/** A minimal zip (deflate) writer: enough to build hostile workbooks by hand. */
function zip(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const packed = zlib.deflateRawSync(data, { level: 9 });
    const crc = zlib.crc32(data);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const sheetXml = (body: string) =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`,
  );

/** Uploads are bounded by what they unpack to, checked before exceljs parses them (issue 9). */
describe('XLSX upload limits', () => {
  it('refuses a small zip that unpacks to more than the limit, before parsing', async () => {
    const filler = Buffer.alloc(XLSX_LIMITS.maxUncompressedBytes + 1024 * 1024, 0x20);
    const bomb = zip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.concat([sheetXml(''), filler]) }]);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const before = process.memoryUsage().rss;
    await expect(readSheet({ name: 'bomb.xlsx', content: bomb })).rejects.toMatchObject({
      message: expect.stringContaining('解压后过大'),
      extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    });
    // Nothing was inflated: memory did not grow by the unpacked size.
    expect(process.memoryUsage().rss - before).toBeLessThan(XLSX_LIMITS.maxUncompressedBytes);
  });

  it('refuses too many sheets and too many rows', async () => {
    const sheets = Array.from({ length: XLSX_LIMITS.maxSheets + 1 }, (_, i) => ({
      name: `xl/worksheets/sheet${i + 1}.xml`,
      data: sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'),
    }));
    await expect(readSheet({ name: 'sheets.xlsx', content: zip(sheets) })).rejects.toThrow(/工作表过多/);
    const rows = Array.from({ length: XLSX_LIMITS.maxRows + 1 }, (_, i) => `<row r="${i + 1}"/>`).join('');
    await expect(
      readSheet({
        name: 'rows.xlsx',
        content: zip([{ name: 'xl/worksheets/sheet1.xml', data: sheetXml(rows) }]),
      }),
    ).rejects.toThrow(/行数过多/);
  });

  it('still reads an ordinary workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('表1');
    sheet.addRow(['序号', '名称']);
    sheet.addRow([1, '钳工']);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const read = await readSheet({ name: 'ok.xlsx', content });
    expect(read.rows.map((r) => r.cells)).toEqual([['1', '钳工']]);
  });
});

import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: '上传佐证材料：PDF、PNG、JPG、XLSX、DOCX，单个文件不超过 8 MB。' })
export class UploadEvidenceInput {
  @Field({ description: 'What the file belongs to: PROGRESS_REPORT, …' })
  ownerType: string;

  @Field(() => ID)
  ownerId: string;

  @Field({ description: 'File name with its extension (证明材料.pdf).' })
  fileName: string;

  @Field({ description: 'The file, base64-encoded.' })
  contentBase64: string;
}

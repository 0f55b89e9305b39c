import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context/context';
import { EvidenceFile } from './evidence.entity';
import { deleteEvidence, listEvidence, uploadEvidence } from './evidence.service';
import { UploadEvidenceInput } from './evidence.types';

@Resolver(() => EvidenceFile)
export class EvidenceResolver {
  @Query(() => [EvidenceFile], {
    description: '某条记录（如填报）的佐证材料；无权查看该记录时为 NOT_FOUND。',
  })
  evidenceFiles(
    @Ctx() ctx: RequestContext,
    @Arg('ownerType', () => String) ownerType: string,
    @Arg('ownerId', () => ID) ownerId: string,
  ): Promise<EvidenceFile[]> {
    return listEvidence(ctx, ownerType, ownerId);
  }

  @Mutation(() => EvidenceFile, {
    description: '上传佐证材料（PDF、PNG、JPG、XLSX、DOCX，不超过 8 MB；类型按文件内容判断）。',
  })
  uploadEvidence(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => UploadEvidenceInput) input: UploadEvidenceInput,
  ): Promise<EvidenceFile> {
    return uploadEvidence(ctx, input);
  }

  @Mutation(() => Boolean, { description: '删除佐证材料（仅限仍可修改的记录）。' })
  deleteEvidence(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return deleteEvidence(ctx, id);
  }
}

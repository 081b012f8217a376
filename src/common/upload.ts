import type { FastifyRequest } from 'fastify';
import { badInput } from './errors/domain-error.js';

/** The multipart field `file`, read whole (size limited by the multipart plugin). */
export async function uploadedFile(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart?.()) {
    throw badInput(
      'FILE_REQUIRED',
      'file: 请以 multipart/form-data 上传文件（字段名 file）',
      'file: upload the file as multipart/form-data field "file"',
    );
  }
  const part = await request.file();
  if (!part || part.fieldname !== 'file') {
    throw badInput('FILE_REQUIRED', 'file: 缺少文件字段 file', 'file: the multipart field "file" is missing');
  }
  return part.toBuffer();
}

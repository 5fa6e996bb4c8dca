import type { Request, RequestHandler, Response } from 'express';
import type { DataSource } from 'typeorm';
import { toGlobalId } from '../../core/relay';
import { authenticate, type TokenService } from '../../server/auth';
import { traceOf } from '../../server/observability/request-trace';
import { Role } from '../account/role';
import { UploadTooLarge, type UploadStore } from './upload.store';

export const IMPORTS_PATH = '/imports';

function refuse(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** Refuses a body that is too large and closes the connection, rather than reading the rest of it. */
function refuseBody(req: Request, res: Response, message: string): void {
  res.setHeader('connection', 'close');
  refuse(res, 413, 'LIMIT_EXCEEDED', message);
  res.once('finish', () => req.destroy());
}

/**
 * `POST /imports?filename=volunteers.xlsx`: the raw file as the body (any content type), with the
 * same `Authorization` as GraphQL; platform admins only. The body is streamed into the database, so
 * its limit is IMPORT_UPLOAD_LIMIT_MB, not the 1 MB of GraphQL requests. Answers 201 with the
 * `uploadId` that `importJobStart` takes. Nothing is imported yet: the audited act is the mutation.
 */
export function uploadRoute(db: DataSource, tokens: TokenService, uploads: UploadStore, maxBytes: number): RequestHandler {
  return (req: Request, res: Response, next) => {
    void (async () => {
      const auth = await authenticate(db, tokens, req.headers.authorization);
      if (!auth.viewer) return refuse(res, 401, 'UNAUTHENTICATED', auth.authError ? `Authentication required: ${auth.authError}` : 'Authentication required');
      if (auth.viewer.account.role !== Role.PLATFORM_ADMIN) return refuse(res, 403, 'FORBIDDEN', 'imports are for platform admins');
      const trace = traceOf(res);
      trace.accountId = auth.viewer.account.id;
      const declared = Number(req.headers['content-length']);
      if (declared > maxBytes) return refuseBody(req, res, `the file is larger than ${maxBytes} bytes`);
      const fileName = String(req.query.filename ?? 'upload').replace(/[\\/\x00-\x1f]/g, '_').slice(0, 255) || 'upload';
      try {
        const upload = await uploads.save(req, auth.viewer.account.id, fileName);
        if (upload.bytes === 0) {
          await uploads.remove(upload.id);
          return refuse(res, 400, 'BAD_REQUEST', 'the body is empty: send the file itself as the body');
        }
        res.status(201).json({ uploadId: toGlobalId('ImportUpload', upload.id), fileName, bytes: upload.bytes, sha256: upload.contentHash });
      } catch (err) {
        if (!(err instanceof UploadTooLarge)) throw err;
        refuseBody(req, res, err.message);
      }
    })().catch(next);
  };
}

import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Hands a stream handler's error to the record pipeline unchanged. Nest's
 * default RPC filter replaces any unknown error with "Internal server error",
 * which would hide whether it was transient (retry without limit) or not
 * (retry, then dead-letter).
 */
@Catch()
export class StreamErrorFilter implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

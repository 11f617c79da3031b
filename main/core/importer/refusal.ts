import { ApiError } from '../../../shared/api';

/** Why a whole file cannot be taken; nothing from it is written. */
export type RefusalCode = 'unreadable' | 'encrypted' | 'too_large' | 'unrecognized' | 'empty' | 'no_unit' | 'no_period' | 'unknown_unit';

export class ImportRefusal extends ApiError {
  constructor(code: RefusalCode, message: string) {
    super(code, message);
    this.name = 'ImportRefusal';
  }
}

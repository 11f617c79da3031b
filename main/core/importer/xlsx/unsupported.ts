// The fast reader's way of saying "SheetJS, please": every module of it throws this for what it does not reproduce.

/** Something this reader does not handle the way SheetJS does; `defaultReader` then uses SheetJS. */
export class Unsupported extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Unsupported';
  }
}

export function unsupported(why: string): never {
  throw new Unsupported(why);
}

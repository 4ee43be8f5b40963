export interface User {
  readonly handle: string;
  readonly display_name: string;
}

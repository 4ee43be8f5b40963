export interface User {
  handle: string;
  display_name: string;
}

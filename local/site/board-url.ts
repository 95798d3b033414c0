/** Where a local site serves the board: beside its user API, same origin (so no CORS and one token). */
export const LOCAL_BOARD_PATH = '/board/';

/** The board's page of a local site whose user API is at `apiUrl` (`http://127.0.0.1:PORT`). */
export function localBoardUrl(apiUrl: string): string {
  return `${apiUrl.replace(/\/+$/, '')}${LOCAL_BOARD_PATH}`;
}

/** `X-Authentik-Groups` is pipe-separated only; names may hold spaces, commas and semicolons. */
export function parseGroupsHeader(value: string | undefined): string[] {
  if (!value) return [];
  return [
    ...new Set(
      value
        .split('|')
        .map((g) => g.trim())
        .filter(Boolean),
    ),
  ];
}

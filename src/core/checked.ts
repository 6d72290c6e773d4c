/** What a run looked at: resources per kind (in the kinds' order) and API descriptions, for the closing line. */
export interface CheckedCounts {
  kinds: Record<string, number>;
  apis: number;
}

/**
 * What varies between the alerts of a burst: every label value numbered once and ranked in
 * natural order, so a burst of thousands of alerts is described by counting numbers.
 */

/** A label whose value differs between the alerts of a burst. */
export interface VaryingLabel {
  readonly label: string;
  /** How many distinct values. */
  readonly count: number;
  /**
   * In natural order (compute-2 before compute-10): every value when there are three or fewer,
   * else the first and the last.
   */
  readonly values: readonly string[];
}

/** Natural order for label values: numbers inside them compare as numbers. */
const naturalOrder = new Intl.Collator("en", { numeric: true }).compare;

/** `HostDown (compute-1:9100)`, as alertRef names an alert, without the instance. */
export const NAME_WITH_INSTANCE = /^(.*) \(([^()]*)\)$/;

/**
 * Every label value of a set of alerts numbered once (a "pair"), and ranked in natural order per
 * label once: what varies within a burst of a thousand alerts is then found by counting numbers,
 * not by collecting and sorting strings for every burst.
 */
export class LabelTable {
  private readonly labelIds = new Map<string, number>();
  private readonly labelNames: string[] = [];
  private readonly pairIds = new Map<string, number>();
  private readonly pairLabel: number[] = [];
  private readonly pairValue: string[] = [];
  private pairRank: number[] = [];
  private ranked = true;
  /** `seen[pair] === serial`: the pair was counted in the current `varying` call. */
  private seen: number[] = [];
  private serial = 0;

  /** The pairs of one alert's labels (alertname left out: it is what a burst is about). */
  pairsOf(labels: Readonly<Record<string, string>>): number[] {
    const pairs: number[] = [];
    for (const label in labels) {
      if (label === "alertname" || !Object.hasOwn(labels, label)) continue;
      const value = labels[label] as string;
      let labelId = this.labelIds.get(label);
      if (labelId === undefined) {
        labelId = this.labelNames.length;
        this.labelIds.set(label, labelId);
        this.labelNames.push(label);
      }
      const key = `${labelId}\u0000${value}`;
      let pair = this.pairIds.get(key);
      if (pair === undefined) {
        pair = this.pairLabel.length;
        this.pairIds.set(key, pair);
        this.pairLabel.push(labelId);
        this.pairValue.push(value);
        this.seen.push(0);
        this.ranked = false;
      }
      pairs.push(pair);
    }
    return pairs;
  }

  private rank(): number[] {
    if (!this.ranked) {
      const order = this.pairLabel.map((_, pair) => pair);
      order.sort(
        (a, b) =>
          (this.pairLabel[a] as number) - (this.pairLabel[b] as number) ||
          naturalOrder(this.pairValue[a] as string, this.pairValue[b] as string),
      );
      this.pairRank = new Array<number>(order.length);
      order.forEach((pair, rank) => {
        this.pairRank[pair] = rank;
      });
      this.ranked = true;
    }
    return this.pairRank;
  }

  /** The labels whose values differ between these alerts (each given by its pairs). */
  varying(alerts: Iterable<readonly number[]>): VaryingLabel[] {
    const rank = this.rank();
    const serial = ++this.serial;
    const found = new Map<number, { count: number; low: number; high: number; few: number[] }>();
    for (const pairs of alerts) {
      for (const pair of pairs) {
        if (this.seen[pair] === serial) continue;
        this.seen[pair] = serial;
        const labelId = this.pairLabel[pair] as number;
        const at = rank[pair] as number;
        const label = found.get(labelId);
        if (!label) {
          found.set(labelId, { count: 1, low: pair, high: pair, few: [pair] });
          continue;
        }
        label.count++;
        if (label.few.length < 4) label.few.push(pair);
        if (at < (rank[label.low] as number)) label.low = pair;
        if (at > (rank[label.high] as number)) label.high = pair;
      }
    }
    const byRank = (a: number, b: number) => (rank[a] as number) - (rank[b] as number);
    return [...found.entries()]
      .filter(([, label]) => label.count > 1)
      .map(([labelId, { count, low, high, few }]) => ({
        label: this.labelNames[labelId] as string,
        count,
        values: (count <= 3 ? few.sort(byRank) : [low, high]).map(
          (pair) => this.pairValue[pair] as string,
        ),
      }))
      .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  }
}

/** The labels whose values differ between these alerts' labels (alertname never). */
export function varyingLabels(
  labelsOf: Iterable<Readonly<Record<string, string>>>,
): VaryingLabel[] {
  const table = new LabelTable();
  const alerts: number[][] = [];
  for (const labels of labelsOf) alerts.push(table.pairsOf(labels));
  return table.varying(alerts);
}

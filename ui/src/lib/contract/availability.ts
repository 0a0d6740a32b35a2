// What the availability chart needs from a service's twelve months: the axis floor (availability
// lives between 95 and 100 %, so a 0–100 axis would flatten every difference), grid ticks, and the
// figures its spoken summary names.
import type { Localized, ServiceAvailabilityView } from '$lib/bindings';

export type ChartModel = {
  floor: number;
  ticks: number[];
  windowCount: number;
  windowNames: Localized[];
  monthsMeasured: number;
  monthsMet: number;
  lowest: { percent: number; target: number; month: string } | null;
};

export function chartModel(service: ServiceAvailabilityView): ChartModel {
  let lowestValue = 100;
  let lowest: ChartModel['lowest'] = null;
  let monthsMeasured = 0;
  let monthsMet = 0;
  const names = new Map<string, Localized>();
  for (const month of service.months) {
    const measured = month.windows.filter((window) => window.percent !== null);
    if (measured.length > 0) {
      monthsMeasured += 1;
      if (month.met) monthsMet += 1;
    }
    for (const window of month.windows) {
      names.set(window.windowId, window.windowName);
      lowestValue = Math.min(lowestValue, window.targetPercent);
      if (window.percent !== null) {
        lowestValue = Math.min(lowestValue, window.percent);
        if (lowest === null || window.percent < lowest.percent) {
          lowest = { percent: window.percent, target: window.targetPercent, month: month.month };
        }
      }
    }
  }
  // One point of headroom below the lowest figure, on a whole or half percent.
  const floor = Math.max(0, Math.min(99, Math.floor((lowestValue - 0.5) * 2) / 2));
  const span = 100 - floor;
  const step = span <= 2 ? 0.5 : span <= 5 ? 1 : span <= 10 ? 2 : span <= 25 ? 5 : 20;
  const ticks: number[] = [];
  for (let tick = 100; tick >= floor - 1e-9; tick -= step) ticks.push(Math.round(tick * 100) / 100);
  return {
    floor,
    ticks,
    windowCount: Math.max(1, ...service.months.map((month) => month.windows.length)),
    windowNames: [...names.values()],
    monthsMeasured,
    monthsMet,
    lowest,
  };
}

import { describe, expect, it } from 'vitest';
import type { ServiceAvailabilityView } from '$lib/bindings';
import { chartModel } from './availability';

function service(percents: (number | null)[], target = 99.5): ServiceAvailabilityView {
  return {
    serviceId: 's',
    serviceName: { lv: 'S', en: 'S' },
    months: percents.map((percent, index) => ({
      month: `2026-${String(index + 1).padStart(2, '0')}`,
      windows: [
        {
          windowId: 'w',
          windowName: { lv: 'W', en: 'W' },
          percent,
          targetPercent: target,
          met: percent === null || percent >= target,
          downtimeMinutes: 0,
          maintenanceMinutes: 0,
        },
      ],
      met: percent === null || percent >= target,
      dataComplete: percent !== null,
    })),
  };
}

describe('availability chart model', () => {
  it('puts the axis floor below the lowest figure or target, on a half percent', () => {
    expect(chartModel(service([99.9, 99.95])).floor).toBe(99);
    expect(chartModel(service([99.9, 98.2])).floor).toBe(97.5);
    expect(chartModel(service([99.9], 97)).floor).toBe(96.5);
    expect(chartModel(service([40])).floor).toBe(39.5);
  });

  it('has ticks from 100 down to the floor', () => {
    expect(chartModel(service([99.9, 99.95])).ticks).toEqual([100, 99.5, 99]);
    expect(chartModel(service([96])).ticks).toEqual([100, 99, 98, 97, 96]);
  });

  it('counts months with data and the months that met the target, and finds the lowest', () => {
    const model = chartModel(service([99.9, null, 99.1, 99.7]));
    expect(model.monthsMeasured).toBe(3);
    expect(model.monthsMet).toBe(2);
    expect(model.lowest).toEqual({ percent: 99.1, target: 99.5, month: '2026-03' });
  });

  it('has no lowest month without data', () => {
    expect(chartModel(service([null, null])).lowest).toBeNull();
  });
});

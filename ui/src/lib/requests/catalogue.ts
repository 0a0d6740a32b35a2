// Names from the catalogue for the list's type column and the filters, in the current language.
import type { CatalogueView, Localized, RequestTypeView, ServiceView, Language } from '$lib/bindings';

export type CatalogueIndex = {
  services: ServiceView[];
  typeName(typeId: string, language: Language): string;
  serviceName(serviceId: string, language: Language): string;
  /** The request types of the given services (all types when none is given). */
  typesFor(serviceIds: readonly string[]): RequestTypeView[];
  /** The service a type belongs to. */
  serviceOf(typeId: string): string | null;
};

export function indexCatalogue(catalogue: CatalogueView | null): CatalogueIndex {
  const services = catalogue?.services ?? [];
  const types = new Map<string, RequestTypeView>();
  const serviceNames = new Map<string, Localized>();
  for (const service of services) {
    serviceNames.set(service.id, service.name);
    for (const type of service.requestTypes) types.set(type.id, type);
  }
  return {
    services,
    // An id the catalogue does not know (a type withdrawn later) still shows something useful.
    typeName: (typeId, language) => types.get(typeId)?.name[language] ?? typeId,
    serviceName: (serviceId, language) => serviceNames.get(serviceId)?.[language] ?? serviceId,
    typesFor: (serviceIds) =>
      services.filter((s) => serviceIds.length === 0 || serviceIds.includes(s.id)).flatMap((s) => s.requestTypes),
    serviceOf: (typeId) => types.get(typeId)?.serviceId ?? null,
  };
}

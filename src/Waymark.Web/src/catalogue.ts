// Reference data loaded once per session (categories, sectors, organisations) and the map's colour groups.
import { getJson } from "./api";
import type { Category, Organisation } from "./types";

export interface Catalogue {
  categories: Category[];
  sectors: string[];
  organisations: Organisation[];
  categoryName(slug: string): string;
  organisationName(id: string): string | undefined;
}

let loading: Promise<Catalogue> | null = null;

export function loadCatalogue(): Promise<Catalogue> {
  loading ??= Promise.all([
    getJson<Category[]>("/api/categories"),
    getJson<string[]>("/api/sectors"),
    getJson<Organisation[]>("/api/organisations"),
  ]).then(([categories, sectors, organisations]) => {
    const names = new Map(categories.map((c) => [c.slug, c.name]));
    const orgs = new Map(organisations.map((o) => [o.id, o.name]));
    return {
      categories,
      sectors,
      organisations,
      categoryName: (slug: string) => names.get(slug) ?? slug,
      organisationName: (id: string) => orgs.get(id),
    };
  }).catch((e: unknown) => {
    loading = null;
    throw e;
  });
  return loading;
}

/** Forgets the reference data (on logout: another user may see other organisations). */
export function resetCatalogue(): void {
  loading = null;
}

/**
 * Colour groups for crime points. Partnership metal-theft categories get their own colour (they are what the
 * partnership exists for); police.uk categories are grouped as crime analysts usually group them.
 * Colours from the Okabe–Ito and Tableau palettes, distinguishable with the common colour-vision deficiencies.
 */
export interface ColourGroup {
  key: string;
  label: string;
  colour: string;
}

export const colourGroups: ColourGroup[] = [
  { key: "metal", label: "Metal theft", colour: "#d55e00" },
  { key: "violence", label: "Violence and sexual offences", colour: "#b2182b" },
  { key: "asb", label: "Anti-social behaviour", colour: "#9467bd" },
  { key: "burglary", label: "Burglary", colour: "#0072b2" },
  { key: "theft", label: "Theft and shoplifting", colour: "#e69f00" },
  { key: "vehicle", label: "Vehicle crime", colour: "#009e73" },
  { key: "damage", label: "Criminal damage and arson", colour: "#8c564b" },
  { key: "robbery", label: "Robbery", colour: "#cc79a7" },
  { key: "drugs", label: "Drugs", colour: "#17becf" },
  { key: "other", label: "Public order, weapons and other", colour: "#5f6b7a" },
];

export function colourGroupOf(category: string, policeUkCategory: string): ColourGroup {
  const key = category.startsWith("metal-theft") ? "metal" : groupOfPoliceUk[policeUkCategory] ?? "other";
  return colourGroups.find((g) => g.key === key) ?? colourGroups[colourGroups.length - 1]!;
}

const groupOfPoliceUk: Record<string, string> = {
  "violent-crime": "violence",
  "anti-social-behaviour": "asb",
  burglary: "burglary",
  "other-theft": "theft",
  shoplifting: "theft",
  "theft-from-the-person": "theft",
  "bicycle-theft": "theft",
  "vehicle-crime": "vehicle",
  "criminal-damage-arson": "damage",
  robbery: "robbery",
  drugs: "drugs",
};

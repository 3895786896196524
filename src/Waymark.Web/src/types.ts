// The shapes of the Waymark API's JSON, as the server writes them (camelCase, enums as names, nulls left out).
import type { MultiPolygon, Polygon } from "geojson";

/** GET /api/auth/me and POST /api/auth/login. */
export interface Me {
  userId?: string;
  name: string;
  displayName?: string;
  organisationId: string;
  organisation: string;
  organisationKind: string;
  role: string;
}

/** GET /api/config: what the browser application needs to know about this deployment. */
export interface WebConfig {
  tileUrl?: string;
  tileAttribution?: string;
  demo?: { password: string; logins: DemoLogin[] };
}

export interface DemoLogin {
  email: string;
  role: string;
  organisation: string;
}

/** GET /api/categories. */
export interface Category {
  slug: string;
  name: string;
  policeUkSlug: string;
  sector?: string;
}

/** GET /api/organisations. */
export interface Organisation {
  id: string;
  name: string;
  kind: string;
  sector?: string;
}

export interface PropertyItem {
  type: string;
  description?: string;
  quantity?: number;
  weightKg?: number;
  valuePounds?: number;
  markingCode?: string;
}

export interface PersonalDetails {
  officerInCharge?: string;
  victimName?: string;
  victimContact?: string;
  suspectDescription?: string;
  vehiclesSeen?: string[];
}

/** A crime as the caller may see it: GET /api/crimes/{id}, and the items of a search. */
export interface Crime {
  id: string;
  reference: string;
  ownerOrganisationId: string;
  ownerOrganisation?: string;
  source: string;
  externalId?: string;
  category: string;
  policeUkCategory: string;
  knifeEnabled?: boolean;
  sector?: string;
  assetAffected?: string;
  occurredFrom: string;
  occurredTo: string;
  reportedAt: string;
  latitude?: number;
  longitude?: number;
  easting?: number;
  northing?: number;
  itmEasting?: number;
  itmNorthing?: number;
  gridNote?: string;
  cell1km?: string;
  locationDescription?: string;
  lsoaCode?: string;
  lsoaName?: string;
  modusOperandi?: string;
  moTags: string[];
  propertyStolen: PropertyItem[];
  disruptionMinutes?: number;
  customersAffected?: number;
  repairCostPounds?: number;
  outcomeType?: number;
  outcomeTypeName?: string;
  outcomeText?: string;
  visibility: "Organisation" | "Partnership" | "LawEnforcement";
  grading?: { code: string; conditions?: string };
  personal?: PersonalDetails;
  personalDataNote?: string;
  recordedAt: string;
  updatedAt: string;
}

/** GET /api/crimes and POST /api/crimes/search. */
export interface CrimePage {
  total: number;
  page: number;
  pageSize: number;
  items: Crime[];
}

export interface RejectedRow {
  line: number;
  reason: string;
}

/** One file's import report: POST /api/imports/*, GET /api/imports and /api/imports/{id}. */
export interface ImportReport {
  id: string;
  kind: string;
  fileName: string;
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  unlocated: number;
  rejectedRows: RejectedRow[];
  summary?: string;
}

/** POST /api/imports/policeuk and /api/imports/partner: totals over the upload's files. */
export interface ImportResponse {
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  unlocated: number;
  files: ImportReport[];
}

/** GET /api/analytics/grid: square cells in WGS84 with their crime counts. */
export interface GridCollection {
  type: "FeatureCollection";
  cellSize?: number;
  /** Crimes counted (those with a British National Grid position). */
  total?: number;
  /** Crimes the filters select that could not be counted (no BNG position), and why. */
  excluded?: number;
  note?: string;
  features: GridCell[];
}

export interface GridCell {
  type: "Feature";
  geometry: Polygon | MultiPolygon;
  /** cell: the grid square's key (grid counts; hexagons have none). */
  properties: { count: number; cell?: string };
}

/** GET /api/analytics/kde: a kernel density surface as a PNG overlay with its WGS84 bounds. */
export interface DensitySurface {
  png: string;
  bounds: [[number, number], [number, number]];
  max?: number;
  unit?: string;
  kernel?: string;
  bandwidthMetres?: number;
  bandwidthRule?: string;
  cellSize?: number;
  total?: number;
  excluded?: number;
  note?: string;
}

/** GET /api/analytics/trends. */
export interface Trends {
  crimes?: number;
  months: { month: string; category: string; count: number }[];
  yearToDate?: unknown;
  outcomeRates?: unknown;
  /** When in the week crimes happen: 168 weights, Monday 00:00–01:00 first, local time. */
  aoristic?: { timeZone?: string; weights: number[] };
}

/** GET /api/analytics/hotspots: Getis-Ord Gi* on grid cells; only significant cells are returned. */
export interface HotspotCollection {
  type: "FeatureCollection";
  statistic?: string;
  cellSize?: number;
  neighbourhood?: string;
  alpha?: number;
  falseDiscoveryRate?: boolean;
  hotspots?: number;
  coldspots?: number;
  total?: number;
  note?: string;
  features: {
    type: "Feature";
    geometry: Polygon | MultiPolygon;
    properties: { cell: string; count: number; z: number; p: number; class: "hotspot" | "coldspot" | "not-significant" };
  }[];
}

/** One cluster of GET /api/analytics/clusters; start and end are the window's first day and the day after its last. */
export interface EmergingCluster {
  rank: number;
  latitude: number;
  longitude: number;
  easting?: number;
  northing?: number;
  radiusMetres: number;
  start: string;
  end: string;
  observed: number;
  expected: number;
  relativeRisk?: number | null;
  logLikelihoodRatio?: number;
  p: number;
  recurrenceIntervalDays?: number | null;
  significant: boolean;
}

/** GET /api/analytics/clusters: the prospective space-time permutation scan over the last studyDays. */
export interface EmergingClusters {
  statistic?: string;
  studyStart: string;
  studyEnd: string;
  events: number;
  replications?: number;
  clusters: EmergingCluster[];
  excluded?: number;
  note?: string | null;
}

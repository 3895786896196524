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

export type AlertSeverity = "Low" | "Medium" | "High" | "Critical";
export type AlertStatus = "Open" | "Acknowledged" | "Closed";

/** An alert as the inbox, GET /api/alerts/{id} and the live stream (GET /api/alerts/stream, event "alert") show it. */
export interface AlertView {
  id: string;
  kind: string;
  severity: AlertSeverity;
  status: AlertStatus;
  title: string;
  summary: string;
  /** Why it matched: the rule, the crime, the assets with their distance, the cluster statistics (by kind). */
  evidence?: Record<string, unknown> | null;
  latitude?: number | null;
  longitude?: number | null;
  /** The map view that shows it, e.g. /?lat=…&lon=…&z=15&crime=… */
  link?: string | null;
  occurrences: number;
  ruleId?: string | null;
  assignedToUserId?: string | null;
  assignedToName?: string | null;
  closingNote?: string | null;
  createdAt: string;
  updatedAt: string;
  unread?: boolean | null;
}

/** GET /api/alerts. */
export interface AlertPage {
  total: number;
  unread: number;
  page: number;
  pageSize: number;
  items: AlertView[];
}

/** GET /api/alerts/{id}/history. */
export interface AlertHistoryEntry {
  id: number;
  alertId: string;
  at: string;
  actor: string;
  action: string;
  note?: string | null;
}

/** GET /api/alerts/{id}/deliveries and /api/webhooks/{id}/deliveries. */
export interface AlertDeliveryLog {
  id: number;
  alertId: string;
  channel: "Webhook" | "Email" | "Digest";
  target: string;
  occurrence: number;
  status: "Pending" | "Sent" | "Failed";
  attempts: number;
  nextAttemptAt: string;
  lastStatusCode?: number | null;
  lastError?: string | null;
  createdAt: string;
  sentAt?: string | null;
}

/** An alert rule: GET/POST /api/alert-rules, PUT /api/alert-rules/{id}. Quiet hours are "HH:mm:ss" as stored. */
export interface AlertRule {
  id: string;
  organisationId: string;
  name: string;
  kind: string;
  categories: string[];
  sectors: string[];
  minimumSeverity: AlertSeverity;
  distanceMetres: number;
  riskThreshold?: number | null;
  windowDays?: number | null;
  enabled: boolean;
  emailTo: string[];
  quietFrom?: string | null;
  quietTo?: string | null;
  dailyDigest: boolean;
  createdAt: string;
}

/** GET/POST /api/webhooks; the secret only in the response that creates it. */
export interface Webhook {
  id: string;
  url: string;
  description?: string | null;
  enabled: boolean;
  createdAt: string;
  secret?: string | null;
}

/** An asset: GET /api/assets, POST /api/assets. Geometry in WGS84 GeoJSON. */
export interface Asset {
  id: string;
  organisationId: string;
  name: string;
  kind?: string | null;
  reference?: string | null;
  geometryType: string;
  geometry?: import("geojson").Geometry | null;
  bufferMetres: number;
  sharedWithPolice: boolean;
  createdAt: string;
  updatedAt: string;
}

/** POST /api/assets/import. */
export interface AssetImportReport {
  rows: number;
  created: number;
  updated: number;
  rejected: RejectedRow[];
}

/** A person an alert can be assigned to (GET /api/alerts/colleagues). */
export interface Colleague {
  id: string;
  name: string;
  email: string;
}

import type { MultiPolygon, Position } from 'geojson';
import type {
  AreaLevel,
  HazardLevel,
  HazardSource,
  HazardStatus,
  Industry,
  PetitionCategory,
  PetitionChannel,
  PetitionLevel,
  PetitionStatus,
  ResolutionMethod,
  RiskClass,
  SensitivePeriodKind
} from '../core/vocabulary';

/** Level of an area in the hierarchy (core's vocabulary). */
export type { AreaLevel };

/** A generated area version. Ids are assigned in generation order, parents first. */
export interface AreaRow {
  id: number;
  code: string;
  districtCode: string;
  level: AreaLevel;
  parentId: number | null;
  name: string;
  households: number;
  population: number;
  geom: MultiPolygon;
  validFrom: string;
}

/** Everything the generator makes, ready to be written. Times are ISO 8601 with +08:00. */
export interface DemoDataset {
  seed: number;
  endDate: string;
  startDate: string;
  areas: AreaRow[];
  enterprises: EnterpriseRow[];
  hazards: HazardRow[];
  incidents: IncidentRow[];
  petitions: PetitionRow[];
  staff: StaffRow[];
  inspections: InspectionRow[];
  dailyReports: DailyReportRow[];
  sensitivePeriods: SensitivePeriodRow[];
}

export interface EnterpriseRow {
  id: number;
  name: string;
  industry: Industry;
  riskClass: RiskClass;
  employees: number;
  position: Position;
  createdOn: string;
}

export interface HazardRow {
  id: number;
  enterpriseId: number | null;
  level: HazardLevel;
  status: HazardStatus;
  source: HazardSource;
  foundOn: string;
  deadline: string;
  rectifiedOn: string | null;
  verifiedOn: string | null;
  position: Position;
}

export interface IncidentRow {
  id: number;
  enterpriseId: number | null;
  domain: 'safety' | 'stability';
  tier: 'serious' | 'minor' | 'near_miss' | 'mass_incident';
  category: string;
  occurredAt: string;
  deaths: number;
  seriousInjuries: number;
  minorInjuries: number;
  participants: number | null;
  position: Position;
}

export interface PetitionRow {
  id: number;
  receivedAt: string;
  channel: PetitionChannel;
  category: PetitionCategory;
  groupSize: number;
  repeatOfId: number | null;
  levelReached: PetitionLevel;
  status: PetitionStatus;
  acceptedAt: string | null;
  extensionDays: number;
  closedAt: string | null;
  resolutionMethod: ResolutionMethod | null;
  position: Position;
}

export interface StaffRow {
  id: number;
  role: 'commander' | 'planner' | 'inspector' | 'mediator' | 'admin';
  displayName: string;
  homeAreaId: number;
  capacityPerWeek: number;
}

export interface InspectionRow {
  id: number;
  enterpriseId: number | null;
  inspectorId: number | null;
  inspectedAt: string;
  result: 'no_issue' | 'hazards_found' | 'rectification_verified';
  hazardsFound: number;
  position: Position;
}

export interface DailyReportRow {
  gridId: number;
  reportDate: string;
  status: 'nothing_to_report' | 'issues_reported';
  issuesCount: number;
  submittedAt: string;
}

export interface SensitivePeriodRow {
  id: number;
  name: string;
  kind: SensitivePeriodKind;
  startsOn: string;
  endsOn: string;
  weight: number;
}

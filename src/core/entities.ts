import { Account } from '../modules/account/account.entity';
import { AuditEntry } from '../modules/audit/audit.entity';
import { ImportJob, ImportRowError, ImportUpload, ImportUploadChunk } from '../modules/bulk/bulk.entity';
import { EmergencyCallout, EmergencyCalloutMember, EmergencyCalloutTeam } from '../modules/callout/callout.entity';
import { ServiceCategory, ServiceLevel } from '../modules/category/category.entity';
import { DemandEvent, DemandEventAudience } from '../modules/demand/demand-event.entity';
import { Demand } from '../modules/demand/demand.entity';
import { Benefit, BenefitRedemption } from '../modules/incentive/incentive.entity';
import { Notice } from '../modules/notice/notice.entity';
import { Activity, ActivitySignup, Project, ProjectSkill } from '../modules/project/project.entity';
import { ServiceRecord } from '../modules/record/record.entity';
import { FamilyLink, ListedService, TimebankAccount, TimebankEntry } from '../modules/timebank/timebank.entity';
import { DemandOffer } from '../modules/offer/offer.entity';
import { ApiKey } from '../modules/organisation/api-key.entity';
import { Organisation } from '../modules/organisation/organisation.entity';
import { Pairing, PairingVisit } from '../modules/pairing/pairing.entity';
import { Region } from '../modules/region/region.entity';
import { Skill } from '../modules/skill/skill.entity';
import { Team, TeamMember, TeamSpecialty } from '../modules/team/team.entity';
import { AppSetting, Volunteer, VolunteerAvailability, VolunteerCertificate, VolunteerMove, VolunteerSkill } from '../modules/volunteer/volunteer.entity';

/** Every TypeORM entity; the one list both the server and the migration CLI load. */
export const entities = [
  Region,
  Account,
  ServiceCategory,
  ServiceLevel,
  Demand,
  DemandEvent,
  DemandEventAudience,
  Organisation,
  ApiKey,
  Skill,
  Volunteer,
  VolunteerSkill,
  VolunteerCertificate,
  VolunteerAvailability,
  VolunteerMove,
  AppSetting,
  Team,
  TeamSpecialty,
  TeamMember,
  DemandOffer,
  EmergencyCallout,
  EmergencyCalloutTeam,
  EmergencyCalloutMember,
  Pairing,
  PairingVisit,
  Notice,
  Project,
  ProjectSkill,
  Activity,
  ActivitySignup,
  ServiceRecord,
  TimebankAccount,
  TimebankEntry,
  FamilyLink,
  ListedService,
  Benefit,
  BenefitRedemption,
  AuditEntry,
  ImportUpload,
  ImportUploadChunk,
  ImportJob,
  ImportRowError,
];

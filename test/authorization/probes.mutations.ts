import { uniqueCode } from '../support/factories';
import { categoryId } from '../support/demand-factories';
import { cityDate, projectInput } from '../support/project-factories';
import { uniqueResidentId } from '../support/volunteer-factories';
import { mutation, type Probes } from './probe';
import { bareAccount, pairing, publish, record } from './world';
import * as fresh from './targets';

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString();
/** The demand transitions take `{ id, note }`; `stage` is where the fresh demand must be. */
const transition = (name: string, stage: fresh.Stage, extra: Record<string, unknown> = {}) =>
  mutation(name, 'DemandTransitionInput', async ({ s }) => ({ id: await fresh.demandAt(s, stage), note: '理由', ...extra }));

/**
 * Root mutations. Targets that a successful call would use up are made fresh per cell (module
 * `targets`); the others are the world's shared objects, changed only in ways that keep them as
 * they were (same values, repeated answers).
 */
export const MUTATION_PROBES: Probes = {
  accountCreate: mutation('accountCreate', 'AccountCreateInput', ({ s }) => ({ username: uniqueCode('acct'), password: 'a-good-password', role: 'RESIDENT', scopeId: s.grid.id })),
  // roles a dispatcher may not grant, even inside its scope
  'accountCreate · PLATFORM_ADMIN': mutation('accountCreate', 'AccountCreateInput', () => ({ username: uniqueCode('root'), password: 'a-good-password', role: 'PLATFORM_ADMIN' }), { unscoped: true }),
  'accountCreate · PARTNER': mutation('accountCreate', 'AccountCreateInput', ({ s }) => ({ username: uniqueCode('part'), password: 'a-good-password', role: 'PARTNER', organisationId: s.organisation })),
  accountDisable: mutation('accountDisable', 'AccountDisableInput', async ({ s }) => ({ id: await bareAccount('RESIDENT', s.grid.id), reason: '测试' })),
  accountEnable: mutation('accountEnable', 'AccountEnableInput', async ({ s }) => ({ id: await fresh.disabled(await bareAccount('RESIDENT', s.grid.id)) })),
  activityAttendanceMark: mutation('activityAttendanceMark', 'AttendanceMarkInput', ({ s }) => ({ signupId: s.signupId, checkedInAt: yesterday() })),
  activityCancel: mutation('activityCancel', 'ActivityCancelInput', async ({ s }) => ({ activityId: (await publish(s.community.id, s.team.id)).activityId, reason: '下雨' })),
  activityCheckIn: mutation('activityCheckIn', 'ActivityCheckInInput', async ({ s }) => ({ activityId: await fresh.signedUpActivity(s, s.leader), code: '000000' }), { unscoped: true }),
  activityCheckOut: mutation('activityCheckOut', 'ActivityInput', async ({ s }) => ({ activityId: await fresh.signedUpActivity(s, s.leader) }), { unscoped: true }),
  activityNoShowMark: mutation('activityNoShowMark', 'SignupInput', ({ s }) => ({ signupId: s.signupId })),
  activitySignUp: mutation('activitySignUp', 'ActivityInput', ({ s }) => ({ activityId: s.project.activityId })),
  activitySignUpCancel: mutation('activitySignUpCancel', 'ActivityInput', async ({ s }) => ({ activityId: await fresh.signedUpActivity(s, s.leader) }), { unscoped: true }),
  apiKeyCreate: mutation('apiKeyCreate', 'ApiKeyCreateInput', ({ s }) => ({ accountId: s.partner.id, name: uniqueCode('key') })),
  apiKeyRevoke: mutation('apiKeyRevoke', 'ApiKeyRevokeInput', async ({ s }) => ({ id: await fresh.apiKey(s) })),
  benefitCreate: mutation('benefitCreate', 'BenefitCreateInput', ({ s }) => ({ name: uniqueCode('优惠'), providerOrganisationId: s.organisation, minStars: 0, quota: 10, validFrom: cityDate(0), validUntil: cityDate(30) })),
  benefitRedeem: mutation('benefitRedeem', 'BenefitRedeemInput', ({ s }) => ({ benefitId: s.benefitId })),
  benefitRedemptionUse: mutation('benefitRedemptionUse', 'BenefitRedemptionUseInput', async ({ s }) => ({ code: await fresh.voucher(s) })),
  benefitUpdate: mutation('benefitUpdate', 'BenefitUpdateInput', ({ s }) => ({ id: s.benefitId, quota: 100_000 })),
  demandAccept: transition('demandAccept', 'SUBMITTED'),
  demandCancel: transition('demandCancel', 'SUBMITTED'),
  demandClaim: transition('demandClaim', 'DISPATCHED'),
  demandClose: mutation('demandClose', 'DemandCloseInput', async ({ s }) => ({ id: await fresh.demandAt(s, 'COMPLETED'), rating: 5 })),
  demandComplete: transition('demandComplete', 'IN_SERVICE', { photoUrls: ['https://img.example/done.jpg'] }),
  demandCreate: mutation('demandCreate', 'DemandCreateInput', async ({ s }) => ({ categoryId: await categoryId('ELDER_CARE'), title: '修水管', gridId: s.grid.id, contactName: '钱七', contactPhone: '13600000000' })),
  demandDispatch: mutation('demandDispatch', 'DemandDispatchInput', async ({ s }) => ({ id: await fresh.demandAt(s, 'ACCEPTED'), volunteerIds: [s.leader.volunteerId] })),
  demandEscalate: transition('demandEscalate', 'ACCEPTED'),
  demandReject: transition('demandReject', 'SUBMITTED'),
  demandReopen: transition('demandReopen', 'COMPLETED'),
  demandStart: transition('demandStart', 'ASSIGNED'),
  emergencyCalloutAnswer: mutation('emergencyCalloutAnswer', 'EmergencyCalloutAnswerInput', ({ s }) => ({ calloutId: s.calloutId, answer: 'COMING' })),
  emergencyCalloutCreate: mutation('emergencyCalloutCreate', 'EmergencyCalloutCreateInput', async ({ s }) => ({ demandId: await fresh.demandAt(s, 'ACCEPTED'), teamIds: [s.team.id], message: '集合' })),
  bulkExportLinkCreate: mutation('bulkExportLinkCreate', 'BulkExportLinkCreateInput', ({ s }) => ({ kind: 'VOLUNTEERS', regionId: s.community.id })),
  exportLinkCreate: mutation('exportLinkCreate', 'ExportLinkCreateInput', ({ s }) => ({ kind: 'DEMANDS', regionId: s.community.id, from: cityDate(-30), to: cityDate(0) })),
  familyLinkCreate: mutation('familyLinkCreate', 'FamilyLinkCreateInput', async ({ s }) => ({ accountId: await bareAccount('RESIDENT', s.grid.id), memberAccountId: await bareAccount('RESIDENT', s.grid.id), relation: '母子' })),
  listedServiceCreate: mutation('listedServiceCreate', 'ListedServiceCreateInput', ({ s }) => ({ name: uniqueCode('理发'), credits: 1, regionId: s.community.id })),
  importJobStart: mutation('importJobStart', 'ImportJobStartInput', async () => ({ uploadId: await fresh.adminUpload(), kind: 'REGIONS' }), { unscoped: true }),
  login: mutation('login', 'LoginInput', ({ w }) => ({ username: w.W.username, password: w.W.password }), { unscoped: true }),
  offerAccept: mutation('offerAccept', 'OfferAcceptInput', async ({ s }) => ({ id: await fresh.offerOf(s) })),
  offerCreate: mutation('offerCreate', 'OfferCreateInput', async ({ s }) => ({ demandId: await fresh.demandAt(s, 'DISPATCHED'), volunteerIds: [s.member.volunteerId] })),
  offerDecline: mutation('offerDecline', 'OfferDeclineInput', async ({ s }) => ({ id: await fresh.offerOf(s), reason: '在外地' })),
  organisationCreate: mutation('organisationCreate', 'OrganisationCreateInput', () => ({ name: uniqueCode('公司'), kind: 'ENTERPRISE' }), { unscoped: true }),
  pairingCreate: mutation('pairingCreate', 'PairingCreateInput', ({ s }) => ({ gridId: s.grid.id, volunteerId: s.leader.volunteerId, householdName: '孙爷爷', vulnerability: 'ELDERLY_ALONE' })),
  pairingEnd: mutation('pairingEnd', 'PairingEndInput', async ({ s }) => ({ id: await pairing(s.grid.id, s.leader), reason: '搬走了' })),
  pairingVisitRecord: mutation('pairingVisitRecord', 'PairingVisitRecordInput', ({ s }) => ({ pairingId: s.pairingId, volunteerId: s.leader.volunteerId, minutes: 30, visitedAt: yesterday() })),
  projectClaim: mutation('projectClaim', 'ProjectClaimInput', async ({ s }) => ({ projectId: (await publish(s.community.id, null)).id, teamId: s.team.id })),
  projectClose: mutation('projectClose', 'ProjectCloseInput', async ({ s }) => ({ id: (await publish(s.community.id, s.team.id)).id, reason: '结束' })),
  projectPublish: mutation('projectPublish', 'ProjectPublishInput', async ({ s }) => ({ categoryId: await categoryId('ELDER_CARE'), ...projectInput(s.community.id), teamId: s.team.id })),
  projectUpdate: mutation('projectUpdate', 'ProjectUpdateInput', ({ s }) => ({ id: s.project.id, recruitmentOpen: true })),
  regionCreate: mutation('regionCreate', 'RegionCreateInput', ({ s }) => ({ level: 'GRID', code: uniqueCode('G'), name: '新网格', parentId: s.community.id })),
  regionMove: mutation('regionMove', 'RegionMoveInput', async ({ s }) => ({ id: await fresh.freshGrid(s), parentId: s.otherCommunity.id })),
  regionUpdate: mutation('regionUpdate', 'RegionUpdateInput', ({ s }) => ({ id: s.grid.id, population: 1000 })),
  serviceCategoryCreate: mutation('serviceCategoryCreate', 'ServiceCategoryCreateInput', () => ({
    code: uniqueCode('CAT').replace(/[^A-Z0-9]/gi, '_').toUpperCase(),
    name: '新类别',
    nameEn: 'New category',
    serviceLevels: [{ urgency: 'ROUTINE', acceptWithinHours: 24, completeWithinHours: 72 }],
  }), { unscoped: true }),
  serviceCategoryUpdate: mutation('serviceCategoryUpdate', 'ServiceCategoryUpdateInput', async () => ({ id: await categoryId('ELDER_CARE'), active: true }), { unscoped: true }),
  serviceRecordCorrectionRequest: mutation('serviceRecordCorrectionRequest', 'ServiceRecordCorrectionRequestInput', ({ s }) => ({ id: s.leaderRecordId, minutes: 90, reason: '漏记' })),
  serviceRecordCorrectionResolve: mutation('serviceRecordCorrectionResolve', 'ServiceRecordCorrectionResolveInput', async ({ s }) => ({ id: await fresh.correctionAsked(s), accept: false, note: '按签到时间' })),
  serviceRecordCreate: mutation('serviceRecordCreate', 'ServiceRecordCreateInput', async ({ s }) => ({
    categoryId: await categoryId('ELDER_CARE'),
    volunteerId: s.leader.volunteerId,
    regionId: s.community.id,
    minutes: 60,
    description: '帮忙搬家',
    startedAt: yesterday(),
    photoUrls: ['https://img.example/proof.jpg'],
  })),
  serviceRecordDecline: mutation('serviceRecordDecline', 'ServiceRecordDeclineInput', async ({ s }) => ({ id: await fresh.freshRecord(s), reason: '无证明' })),
  serviceRecordsApprove: mutation('serviceRecordsApprove', 'ServiceRecordsApproveInput', async ({ s }) => ({ ids: [await fresh.freshRecord(s)] })),
  // a certifier's own record: the leader of the organising team may not certify their own hours
  'serviceRecordsApprove · own record': mutation('serviceRecordsApprove', 'ServiceRecordsApproveInput', async ({ s }) => ({ ids: [await record(s.leader, s.community.id, s.team.id)] })),
  skillCreate: mutation('skillCreate', 'SkillCreateInput', async () => ({ categoryId: await categoryId('ELDER_CARE'), code: uniqueCode('SK').replace(/[^A-Z0-9]/gi, '_').toUpperCase(), name: '新技能', nameEn: 'New skill' }), { unscoped: true }),
  teamCreate: mutation('teamCreate', 'TeamCreateInput', ({ s }) => ({ name: uniqueCode('队'), kind: 'COMMUNITY_TEAM', regionId: s.community.id })),
  teamJoinRequest: mutation('teamJoinRequest', 'TeamJoinRequestInput', ({ s }) => ({ teamId: s.team.id })),
  teamLeave: mutation('teamLeave', 'TeamLeaveInput', async ({ s }) => ({ teamId: await fresh.joinedTeam(s, s.leader) }), { unscoped: true }),
  teamMembershipApprove: mutation('teamMembershipApprove', 'TeamMembershipDecisionInput', async ({ s }) => ({ id: await fresh.membership(s, false) })),
  teamMembershipReject: mutation('teamMembershipReject', 'TeamMembershipDecisionInput', async ({ s }) => ({ id: await fresh.membership(s, false), note: '人满了' })),
  teamMembershipRemove: mutation('teamMembershipRemove', 'TeamMembershipDecisionInput', async ({ s }) => ({ id: await fresh.membership(s, true), note: '不再参加' })),
  teamUpdate: mutation('teamUpdate', 'TeamUpdateInput', ({ s }) => ({ id: s.team.id, description: '随叫随到' })),
  // what only dispatchers of the team's region change: its kind, leader and whether it is active
  'teamUpdate · leader or active': mutation('teamUpdate', 'TeamUpdateInput', ({ s }) => ({ id: s.team.id, active: true })),
  timebankPay: mutation('timebankPay', 'TimebankPayInput', async ({ s }) => ({ demandId: await fresh.demandAt(s, 'COMPLETED') })),
  timebankRedeem: mutation('timebankRedeem', 'TimebankRedeemInput', ({ s }) => ({ listedServiceId: s.listedServiceId })),
  // inside: a family member recorded for the caller; outside: a stranger (the other side's resident)
  timebankTransfer: mutation('timebankTransfer', 'TimebankTransferInput', ({ w, side, caller }) => ({ toAccountId: side === 'in' ? w.family[caller] ?? w.side.in.resident.id : w.side.out.resident.id, credits: 1 })),
  volunteerCertificateAdd: mutation('volunteerCertificateAdd', 'VolunteerCertificateAddInput', ({ s }) => ({ volunteerId: s.leader.volunteerId, name: uniqueCode('证书') })),
  volunteerCertificateRemove: mutation('volunteerCertificateRemove', 'VolunteerCertificateRemoveInput', async ({ s }) => ({ id: await fresh.certificate(s) })),
  volunteerMove: mutation('volunteerMove', 'VolunteerMoveInput', ({ s }) => ({ id: s.leader.volunteerId, communityId: s.community.id, gridId: s.grid.id })),
  // inside: a VOLUNTEER registers itself (already registered: CONFLICT, past authorization), staff register a new account in their community
  volunteerRegister: mutation('volunteerRegister', 'VolunteerRegisterInput', async ({ s, side, caller }) => ({
    accountId: side === 'in' && caller === 'VOLUNTEER' ? undefined : await bareAccount('VOLUNTEER', null),
    name: '周新',
    phone: '13500000000',
    idNumber: uniqueResidentId().idNumber,
    communityId: s.community.id,
  })),
  volunteerStatusSet: mutation('volunteerStatusSet', 'VolunteerStatusSetInput', ({ s }) => ({ id: s.leader.volunteerId, status: 'ACTIVE' })),
  volunteerUpdate: mutation('volunteerUpdate', 'VolunteerUpdateInput', ({ s }) => ({ id: s.leader.volunteerId, onDuty: false })),
  // fields of the registration only their community's dispatchers change, not the volunteer
  'volunteerUpdate · staff-only fields': mutation('volunteerUpdate', 'VolunteerUpdateInput', ({ s }) => ({ id: s.leader.volunteerId, partyMember: false })),
};

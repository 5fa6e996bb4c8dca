import { connectionType } from '../../core/relay';
import { Team, TeamMember } from './team.entity';

export const TeamConnection = connectionType('Team', Team, 'team');
export const TeamMemberConnection = connectionType('TeamMember', TeamMember, 'team membership');

/** Every GraphQL document the console sends. The same few texts over and over: the server parses each once. */

const REGION = 'id name code level';

export const DEMAND_ROW = /* GraphQL */ `
  fragment DemandRow on Demand {
    id number title status urgency handlingLevel overdue dueAt createdAt updatedAt
    category { id code name nameEn }
    grid { id name ancestors { id name } }
  }
`;

export const LOGIN = /* GraphQL */ `
  mutation ConsoleLogin($input: LoginInput!) {
    login(input: $input) { token expiresAt account { id } userErrors { field message code } }
  }
`;

export const VIEWER = /* GraphQL */ `
  query ConsoleViewer { viewer { id username role scope { ${REGION} } } }
`;

export const DISTRICTS = /* GraphQL */ `
  query ConsoleDistricts($after: String) {
    districts(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { ${REGION} } } }
  }
`;

const PAGE = 'pageInfo { hasNextPage endCursor }';

/**
 * A region's subtree down to its grids, one document per level. Page sizes keep the cost of the
 * district's document near 65,000 (QUERY_MAX_COST is 200,000 by default); a connection with more
 * items is continued from its end cursor with the document of its parent's level.
 */
export const SUBTREE: Record<'DISTRICT' | 'STREET' | 'COMMUNITY', string> = {
  DISTRICT: /* GraphQL */ `
    query ConsoleDistrictTree($id: ID!, $after: String) { node(id: $id) { ... on District {
      children: streets(first: 25, after: $after) { ${PAGE} edges { node { ${REGION}
        children: communities(first: 25) { ${PAGE} edges { node { ${REGION}
          children: grids(first: 50) { ${PAGE} edges { node { ${REGION} } } } } } } } } } } } }
  `,
  STREET: /* GraphQL */ `
    query ConsoleStreetTree($id: ID!, $after: String) { node(id: $id) { ... on Street {
      children: communities(first: 50, after: $after) { ${PAGE} edges { node { ${REGION}
        children: grids(first: 100) { ${PAGE} edges { node { ${REGION} } } } } } } } } }
  `,
  COMMUNITY: /* GraphQL */ `
    query ConsoleCommunityTree($id: ID!, $after: String) { node(id: $id) { ... on Community {
      children: grids(first: 100, after: $after) { ${PAGE} edges { node { ${REGION} } } } } } }
  `,
};

export const HEATMAP = /* GraphQL */ `
  query ConsoleHeatmap($regionId: ID!) { regionHeatmap(regionId: $regionId) { grid { id } open overdue urgent } }
`;

/** The newest demands of a region; each with its first event (CREATED), whose cursor is a safe point to resume the feed from. */
export const DEMANDS = /* GraphQL */ `
  query ConsoleDemands($regionId: ID!, $first: Int!) {
    demands(regionId: $regionId, first: $first) { edges { node { ...DemandRow events(first: 1) { edges { node { cursor } } } } } }
  }
  ${DEMAND_ROW}
`;

export const DEMAND_DETAIL = /* GraphQL */ `
  query ConsoleDemand($id: ID!, $after: String) {
    node(id: $id) { ... on Demand {
      ...DemandRow description address channel acceptDueAt escalatesAt rejectionReason contactName contactPhone photos
      rating feedback completionNote
      requester { id username } responder { id username }
      offers { id status volunteer { id name } team { id name } }
      events(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node {
        id cursor type fromStatus toStatus note reason at actor { id username role } } } }
    } }
  }
  ${DEMAND_ROW}
`;

export const CANDIDATES = /* GraphQL */ `
  query ConsoleCandidates($demandId: ID!) {
    demandCandidates(demandId: $demandId, first: 10) {
      rank kind score availableNow distanceKm volunteer { id name } team { id name } reasons { code points detail }
    }
  }
`;

const transition = (name: string, inputType: string) => /* GraphQL */ `
  mutation Console_${name}($input: ${inputType}!) {
    ${name}(input: $input) { demand { ...DemandRow } userErrors { field message code } }
  }
  ${DEMAND_ROW}
`;

export const ACTIONS = {
  accept: transition('demandAccept', 'DemandTransitionInput'),
  reject: transition('demandReject', 'DemandTransitionInput'),
  escalate: transition('demandEscalate', 'DemandTransitionInput'),
  dispatch: transition('demandDispatch', 'DemandDispatchInput'),
  close: transition('demandClose', 'DemandCloseInput'),
};

export const DEMAND_EVENTS = /* GraphQL */ `
  subscription ConsoleFeed($regionId: ID!, $after: String) {
    demandEvents(regionId: $regionId, after: $after) { cursor type demand { ...DemandRow } }
  }
  ${DEMAND_ROW}
`;

export const WALL = /* GraphQL */ `
  subscription ConsoleWall($regionId: ID!) {
    commandCenterStats(regionId: $regionId) { at open urgent overdue volunteersOnDuty offersWaiting openByStatus { status count } }
  }
`;

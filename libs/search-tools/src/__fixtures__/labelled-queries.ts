/**
 * Labelled queries against the shipped sample (libs/data/sample): each lists every stock code a
 * shopper would accept as an answer (looked up in the sample database). Reciprocal rank = 1 /
 * rank of the first acceptable product in the top 10, else 0.
 */
export interface LabelledQuery {
  kind: 'exact' | 'stock-code' | 'partial' | 'typo' | 'plural' | 'colour' | 'price' | 'descriptive';
  query: string;
  minPrice?: number;
  maxPrice?: number;
  relevant: string[];
}

const LANTERNS = ['22784', '40016', '22465', '22464', '71053', '22224', '21324', '84760S', '23082', '23099', '23048', '23083'];
const CAKE_STANDS = ['22423', '22890', '22776', '22236', '22061', '37446', '22184', '22055', '22215', '21843', '22220', '22060', '72760B', '22182', '22183', '22893', '22221', '37449'];
const ALARM_CLOCKS = ['22725', '22726', '22727', '22728', '22729', '22730', '84659A'];
const DOORMATS = ['21524', '22366', '20685', '48194', '48184', '48187', '21955', '48138', '48185', '22690', '48173C', '48116', '22689', '48188', '22692', '21523', '48173c', '48189', '48111', '48129', '22660', '22365', '22691', '23284', '23283', '22414', '22687', '22688'];
const HOT_WATER_BOTTLES = ['21485', '22837', '21484', '22113', '22114', '84032B', '21481', '84032A', '22112', '22111', '84029G', '21479', '21488', '84030E', '22110', '22835', '84030e', '84031B', '84031A', '23355', '23356', '23358'];
const RED_RETROSPOT_BAGS = ['21936', '85099B', '21039', '20725', '20718', '20724', '22348', '21155'];
const HANGING_HEARTS = ['21733', '21811', '22227', '22804', '23398', '23399', '35916A', '35916B', '35916C', '84970S', '84970s', '84978', '85123A', '85123a'];
const UMBRELLAS = ['85014B', '20681', '20682', '15060B', '21706', '21710', '21708', '21707', '85014A', '20684', '20686', '85014b', '21709', '21711', '85014a'];
const PAPER_NAPKINS = ['21078', '21080', '21989', '84520B'];
const CHRISTMAS_TREES = ['22141', '35597A', '35597B', '22603', '21262', '22187', '21809', '21261', '21802', '21803', '21801', '22594', '23269', '35599D', '21804', '22579', '22598', '22591', '21822', '23223', '35599B', '21808', '23222', '85045', '22339', '21817'];
const MONEY_BOXES = ['21452', '21556', '22405', '22406', '22408', '22409'];
const TEACUPS = ['22072', '22697', '22698', '22699'];

export const LABELLED_QUERIES: LabelledQuery[] = [
  // Exact product names (any case).
  { kind: 'exact', query: 'WHITE HANGING HEART T-LIGHT HOLDER', relevant: ['85123A', '85123a'] },
  { kind: 'exact', query: 'jumbo bag red retrospot', relevant: ['85099B'] },
  { kind: 'exact', query: 'lunch bag pink polkadot', relevant: ['22384'] },
  { kind: 'exact', query: 'regency cakestand 3 tier', relevant: ['22423'] },
  { kind: 'exact', query: 'alarm clock bakelike red', relevant: ['22727'] },
  { kind: 'exact', query: 'doormat merry christmas red', relevant: ['22689'] },
  { kind: 'exact', query: 'jam making set with jars', relevant: ['22960'] },
  { kind: 'exact', query: 'party bunting', relevant: ['47566'] },
  // Stock codes.
  { kind: 'stock-code', query: '85123A', relevant: ['85123A'] },
  { kind: 'stock-code', query: '22423', relevant: ['22423'] },
  // Partial words.
  { kind: 'partial', query: 'hang heart', relevant: HANGING_HEARTS },
  { kind: 'partial', query: 'alarm clo', relevant: ALARM_CLOCKS },
  { kind: 'partial', query: 'doorm', relevant: DOORMATS },
  { kind: 'partial', query: 'spaceb lunch', relevant: ['22382', '22629'] },
  { kind: 'partial', query: 'hot water bot', relevant: HOT_WATER_BOTTLES },
  // Typos.
  { kind: 'typo', query: 'lanturn', relevant: LANTERNS },
  { kind: 'typo', query: 'cak stand', relevant: CAKE_STANDS },
  { kind: 'typo', query: 'retrospt lunch bag', relevant: ['20725'] },
  { kind: 'typo', query: 'alarm clok', relevant: ALARM_CLOCKS },
  { kind: 'typo', query: 'umbrela', relevant: UMBRELLAS },
  { kind: 'typo', query: 'dormat', relevant: DOORMATS },
  { kind: 'typo', query: 'teacup and sauser', relevant: TEACUPS },
  // Plurals.
  { kind: 'plural', query: 'lanterns', relevant: LANTERNS },
  { kind: 'plural', query: 'doormats', relevant: DOORMATS },
  { kind: 'plural', query: 'alarm clocks', relevant: ALARM_CLOCKS },
  { kind: 'plural', query: 'paper napkins', relevant: PAPER_NAPKINS },
  { kind: 'plural', query: 'christmas trees', relevant: CHRISTMAS_TREES },
  { kind: 'plural', query: 'hot water bottles', relevant: HOT_WATER_BOTTLES },
  // Colours.
  { kind: 'colour', query: 'red retrospot bag', relevant: RED_RETROSPOT_BAGS },
  { kind: 'colour', query: 'pink alarm clock', relevant: ['22728'] },
  { kind: 'colour', query: 'green polkadot plate', relevant: ['21245'] },
  { kind: 'colour', query: 'blue polka dot cup', relevant: ['21240'] },
  { kind: 'colour', query: 'grey hot water bottle', relevant: ['21484', '22113'] },
  { kind: 'colour', query: 'gray heart hot water bottle', relevant: ['22113'] },
  // Price-bounded.
  { kind: 'price', query: 'cake stand', maxPrice: 2, relevant: ['22055', '22893', '37446'] },
  { kind: 'price', query: 'lantern', minPrice: 5, relevant: ['23099', '40016', '71053'] },
  { kind: 'price', query: 'doormat', maxPrice: 5, relevant: ['22365', '22366', '22414', '22687', '22692'] },
  { kind: 'price', query: 'hot water bottle', minPrice: 5, maxPrice: 9, relevant: ['21488', '22110', '23356', '84030e', '84032A'] },
  { kind: 'price', query: 'alarm clock', maxPrice: 3, relevant: ['84659A'] },
  // Descriptive.
  { kind: 'descriptive', query: 'childrens umbrella', relevant: ['20681', '20682', '20684', '20686'] },
  { kind: 'descriptive', query: 'money box', relevant: MONEY_BOXES },
  { kind: 'descriptive', query: 'christmas tree decoration', relevant: ['21801', '21802', '21803'] },
];

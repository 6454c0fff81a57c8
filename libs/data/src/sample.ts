import path from 'node:path';

/**
 * The shipped Online Retail sample (UCI, CC BY 4.0; see sample/README.md): the quick start's
 * demo data and the tests' fixture. Resolves the same from src/ and from dist/.
 */
export const SAMPLE_CSV = path.join(__dirname, '..', 'sample', 'online-retail-sample.csv.gz');

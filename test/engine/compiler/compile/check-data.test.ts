/** Rules against the base data they are loaded with, against whole policies (check-data.cases.yaml). */
import { test } from 'uvu';
import { policyCases } from '../policy-cases.js';

policyCases('compile/check-data.cases.yaml');

test.run();

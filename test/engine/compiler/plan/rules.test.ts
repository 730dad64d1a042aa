/** Planning rule groups, against whole policies (rules.cases.yaml). */
import { test } from 'uvu';
import { policyCases } from '../policy-cases.js';

policyCases('plan/rules.cases.yaml');

test.run();

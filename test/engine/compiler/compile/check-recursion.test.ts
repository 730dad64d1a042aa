/** The recursion stage against whole policies (check-recursion.cases.yaml). */
import { test } from 'uvu';
import { policyCases } from '../policy-cases.js';

policyCases('compile/check-recursion.cases.yaml');

test.run();

/** Grouping rules by path, against whole policies (rule-tree.cases.yaml). */
import { test } from 'uvu';
import { policyCases } from '../policy-cases.js';

policyCases('compile/rule-tree.cases.yaml');

test.run();

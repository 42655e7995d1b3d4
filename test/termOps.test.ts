// The TermOps contract (test/contracts/termOps.contract.ts) run against every representation.
// The e-graph's extracted terms join this list when the e-graph lands.
import { TermStore, normalOps, normalStoreOps, NormalStore, storeOps, termOps } from '@symx/core';
import { termOpsContract } from './contracts/termOps.contract.js';
import { plainTreeOps } from './contracts/plainTree.js';

termOpsContract('default store (termOps)', termOps, { construction: 'plain', hashConsed: true });
termOpsContract('storeOps(new TermStore())', storeOps(new TermStore()), { construction: 'plain', hashConsed: true });
termOpsContract('normal form (normalOps)', normalOps, { construction: 'normalizing', hashConsed: true });
termOpsContract('normal form in a fresh NormalStore', normalStoreOps(new NormalStore()), {
  construction: 'normalizing',
  hashConsed: true,
  numRuns: 100,
});
termOpsContract('plain trees (not hash-consed)', plainTreeOps, { construction: 'plain', hashConsed: false });

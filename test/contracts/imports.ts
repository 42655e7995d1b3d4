// One place for the cross-package tests' imports of @symx/core, plus the contract's Spec type.
export * from '@symx/core';
export type { Spec } from './termOps.contract.js';

// Not shipped: linted by the rules in ../eslint.internal.mjs, not by the node CLI's.
export { default } from '../eslint.internal.mjs';

/**
 * OID helpers of the walker. OIDs stay dotted strings as net-snmp hands them over; comparisons
 * walk the characters instead of splitting, so the per-varbind path allocates nothing.
 */
export { compareOids } from '../../simulate/snmprec';

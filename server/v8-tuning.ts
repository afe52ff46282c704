// Imported first by main.ts, so it applies before any of the app's code has run.
import { setFlagsFromString } from 'node:v8';

// V8 "pretenures" an allocation site (allocates its objects straight in the old generation) once
// nearly all its objects are still alive at minor GCs. A slow, allocation-heavy request, such as a
// rules PUT recompiling 2,000 rules, makes node:http's per-request objects look long-lived that
// way, and the decision sticks: every later auth request's objects then land in the old
// generation, keep their young children alive through every minor GC (longer scavenges) and
// fill it, so major GCs stall the auth endpoint (bench/RESULTS.md). What the overlay
// keeps for long (rules, caches) is small and seldom rebuilt, so pretenuring gains it little.
setFlagsFromString('--no-allocation-site-pretenuring');

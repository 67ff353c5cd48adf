/** Data-engine benchmarks: one round end to end, this build against today's ({@code scripts/bench-engine.sh}). */
package dev.listkit.benchmarks.engine;

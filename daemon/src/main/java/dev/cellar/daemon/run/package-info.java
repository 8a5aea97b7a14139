/** The scheduler's bookkeeping (queue, runs, variable ownership). Touched only on a notebook's command loop. */
package dev.cellar.daemon.run;

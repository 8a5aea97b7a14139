/**
 * Trust records, the way {@code direnv allow} works: which interpreters (by path and content
 * hash) and which rights-widening header settings (per notebook) a person confirmed, kept
 * outside every notebook folder ({@code $XDG_STATE_HOME/cellar/}, else
 * {@code ~/.local/state/cellar/}), and the rule that decides what a notebook may use now.
 * Only folders a confined notebook could write are checked: elsewhere everything is used as
 * written. Also the form of a {@code net=} endpoint ({@code NetEndpoint}), a right people confirm.
 * Knows nothing of notebooks' files or kernels; depends on no other daemon package.
 */
package dev.cellar.daemon.trust;

/** The assistant's and agents' turn checkpoints, kept beside the notebook so a turn can be rewound. */
package dev.cellar.daemon.turn;

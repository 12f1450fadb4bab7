/**
 * The {@code greetwire} command-line tool ({@link io.greetwire.examples.cli.Main}): {@code server},
 * {@code client}, {@code demo}, {@code trace} and {@code load}.
 */
package io.greetwire.examples.cli;

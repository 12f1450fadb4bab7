/** That the README's usage snippet compiles with {@code io.greetwire} imports only and prints a greeting. */
package io.greetwire.examples.readme;

package io.greetwire.tck;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test of the server alone (its client is a raw socket, or any client would do): it runs on
 * the server's home pair only. Tagged {@code per-server}, so a cross-transport run can leave it out.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Tag("per-server")
@ExtendWith(HomePairCondition.class)
public @interface OncePerServer {
}

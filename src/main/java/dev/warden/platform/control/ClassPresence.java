package dev.warden.platform.control;

/**
 * Whether an optional library is there, asked without loading or initialising anything of
 * it: Bouncy Castle for ES256 on older JDKs (system), Soteria for Warden's Jakarta
 * Security bridge (auth).
 */
public final class ClassPresence {

    private ClassPresence() {
    }

    /** Whether {@code className} can be found by the class loader of {@code asker}. */
    public static boolean present(String className, Class<?> asker) {
        try {
            Class.forName(className, false, asker.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}

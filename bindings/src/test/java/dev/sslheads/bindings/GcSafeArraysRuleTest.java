package dev.sslheads.bindings;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.sslheads.ndarray.OwnedArrays;
import java.nio.Buffer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guard of issue 9 over the main classes of {@code lib} and {@code bindings} (both are on this
 * module's test class path): DJL's PyTorch engine wraps host data and Java numbers in tensors that
 * alias a direct buffer only the Java wrapper keeps alive ({@code torch::from_blob}), and autograd
 * keeps such a tensor after the wrapper is closed, so a collection before {@code backward()} hands
 * the backward pass freed memory. Only {@link OwnedArrays} may create arrays from host data; no
 * code calls an {@code NDArray} method that takes a {@code Number}.
 */
class GcSafeArraysRuleTest {
    /**
     * {@code NDArray} methods with a {@code Number} parameter that pass it to libtorch as a C++
     * scalar (read in DJL 0.35.1's {@code PtNDArray}), never as a tensor.
     */
    private static final Set<String> NATIVE_SCALAR_METHODS = Set.of("clip");

    private static JavaClasses mainClasses;

    @BeforeAll
    static void importMainClasses() {
        mainClasses = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // lib's test classes come as an installed test-jar when this module is built alone (-pl bindings)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.sslheads");
    }

    @Test
    void bothModulesAreScanned() {
        // a vacuous pass (nothing imported) would hide every violation
        org.junit.jupiter.api.Assertions.assertTrue(mainClasses.contain("dev.sslheads.swav.SwavHead"));
        org.junit.jupiter.api.Assertions.assertTrue(mainClasses.contain("dev.sslheads.bindings.HostTensor"));
    }

    @Test
    void noNdArrayMethodTakesANumber() {
        ArchRule rule = noClasses().should().callMethodWhere(describe(
                "an NDArray or NDArrays method with a Number parameter (a from_blob scalar autograd keeps; use dev.sslheads.ndarray.ScalarOps)",
                call -> ownedBy(call, NDArray.class, NDArrays.class)
                        && !NATIVE_SCALAR_METHODS.contains(call.getName())
                        && call.getTarget().getRawParameterTypes().stream().anyMatch(GcSafeArraysRuleTest::isNumber)));
        rule.check(mainClasses);
    }

    @Test
    void onlyOwnedArraysCreatesArraysFromHostData() {
        ArchRule rule = noClasses().that().doNotBelongToAnyOf(OwnedArrays.class).should().callMethodWhere(describe(
                "NDManager.create of host data or NDArray.set of a buffer or array (from_blob; use dev.sslheads.ndarray.OwnedArrays)",
                call -> (ownedBy(call, NDManager.class) && call.getName().startsWith("create") && !firstParameterIs(call, Shape.class))
                        || (ownedBy(call, NDArray.class) && call.getName().equals("set") && setsHostData(call))));
        rule.check(mainClasses);
    }

    private static boolean ownedBy(JavaMethodCall call, Class<?>... types) {
        JavaClass owner = call.getTarget().getOwner();
        for (Class<?> type : types) {
            if (owner.isAssignableTo(type)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNumber(JavaClass type) {
        return type.isAssignableTo(Number.class);
    }

    private static boolean firstParameterIs(JavaMethodCall call, Class<?> type) {
        List<JavaClass> parameters = call.getTarget().getRawParameterTypes();
        return !parameters.isEmpty() && parameters.get(0).isEquivalentTo(type);
    }

    /** {@code set(Buffer)}, {@code set(float[])} and the other host-array overloads. */
    private static boolean setsHostData(JavaMethodCall call) {
        List<JavaClass> parameters = call.getTarget().getRawParameterTypes();
        return parameters.size() == 1 && (parameters.get(0).isArray() || parameters.get(0).isAssignableTo(Buffer.class));
    }

    private static DescribedPredicate<JavaMethodCall> describe(String description, java.util.function.Predicate<JavaMethodCall> test) {
        return DescribedPredicate.describe(description, test::test);
    }
}

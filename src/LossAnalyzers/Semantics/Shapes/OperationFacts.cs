using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Semantics;

/// <summary>Small, allocation-light helpers over <see cref="IOperation"/> shared by every rule.</summary>
internal static partial class OperationFacts
{
    /// <summary>The expression inside its parentheses only (<c>((s + v))</c> → s + v; a cast is kept), read from syntax alone.</summary>
    public static ExpressionSyntax Unparenthesize(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression;
    }

    /// <summary>The expression inside its parentheses and casts (<c>((float)p)</c> → p), read from syntax alone.</summary>
    public static ExpressionSyntax StripSyntax(ExpressionSyntax expression)
    {
        while (true)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    continue;
                case CastExpressionSyntax cast:
                    expression = cast.Expression;
                    continue;
                default:
                    return expression;
            }
        }
    }

    /// <summary>Removes implicit/explicit conversions and parentheses.</summary>
    public static IOperation Strip(IOperation operation)
    {
        // by kind (one virtual call) rather than by type (an interface check per case): asked of nearly every operand
        while (true)
        {
            switch (operation.Kind)
            {
                case OperationKind.Conversion:
                    operation = ((IConversionOperation)operation).Operand;
                    continue;
                case OperationKind.Parenthesized:
                    operation = ((IParenthesizedOperation)operation).Operand;
                    continue;
                default:
                    return operation;
            }
        }
    }

    /// <summary>The local or parameter that <paramref name="value"/> initialises or is assigned to (<c>var e = v;</c>,
    /// <c>result = v;</c>), or null.</summary>
    public static ISymbol? StoredIn(IOperation value) => Parent(value) switch
    {
        IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
        ISimpleAssignmentOperation { Target: ILocalReferenceOperation or IParameterReferenceOperation } assignment => ReferencedSymbol(assignment.Target),
        _ => null,
    };

    /// <summary>The parent, skipping conversions and parentheses.</summary>
    public static IOperation? Parent(IOperation operation)
    {
        var parent = operation.Parent;
        while (parent is { Kind: OperationKind.Conversion or OperationKind.Parenthesized })
        {
            parent = parent.Parent;
        }

        return parent;
    }

    public static double? ToDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        decimal m => (double)m,
        short s => s,
        byte b => b,
        uint u => u,
        ulong ul => ul,
        _ => null,
    };

    /// <summary>The compile-time numeric value of an operation (after stripping conversions), if any.</summary>
    public static double? Constant(IOperation? operation)
    {
        if (operation is null)
        {
            return null;
        }

        var constant = operation.ConstantValue;
        if (constant.HasValue)
        {
            return ToDouble(constant.Value);
        }

        var stripped = Strip(operation);
        return stripped.ConstantValue.HasValue ? ToDouble(stripped.ConstantValue.Value) : null;
    }

    public static bool IsConstant(IOperation? operation, double value) => Constant(operation) is { } c && c == value;

    /// <summary>The constant 1, generic math's <c>T.One</c> (<c>INumberBase&lt;T&gt;.One</c>), or a numeric-operations object's <c>NumOps.One</c>.</summary>
    public static bool IsOne(IOperation? operation) =>
        IsConstant(operation, 1) ||
        operation is not null && Strip(operation) is IPropertyReferenceOperation
        {
            Instance: null,
            Property: { Name: "One", IsStatic: true, ContainingType: { TypeKind: TypeKind.Interface, ContainingNamespace: { Name: "Numerics", ContainingNamespace.Name: "System" } } },
        } ||
        // a generic library's numeric-operations object: NumOps.One, of the type it computes in
        operation is not null && Strip(operation) is IPropertyReferenceOperation { Instance: not null, Arguments.Length: 0, Property.Name: "One" } one &&
        one.Property.Type is ITypeParameterSymbol;

    /// <summary>The x of <c>1 - x</c> written in syntax (a literal 1; parentheses and casts around x removed), or null: for
    /// questions answered from a declaration's text without binding it.</summary>
    public static ExpressionSyntax? OneMinusSyntax(SyntaxNode node) =>
        node is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.SubtractExpression, Left: LiteralExpressionSyntax literal } difference &&
        WrittenLiteral(literal) == 1
            ? StripSyntax(difference.Right)
            : null;

    /// <summary>
    /// If the operation is <c>1 - x</c> (any numeric type, also a tensor operator or method: <c>Subtract(1, x)</c>,
    /// <c>x.OnesLike().Subtract(x)</c>), or <c>1 + (−x)</c> (<c>1 + x * -1</c>), returns x.
    /// </summary>
    public static IOperation? OneMinus(IOperation operation)
    {
        var stripped = Strip(operation);
        if (stripped is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } binary && IsOne(binary.LeftOperand))
        {
            return binary.RightOperand;
        }

        if (!Elementwise(stripped, out var kind, out var left, out var right))
        {
            return null;
        }

        if (kind == BinaryOperatorKind.Subtract && (IsOne(left) || IsOnesLike(left, right)))
        {
            return right;
        }

        if (kind == BinaryOperatorKind.Add)
        {
            if (IsOne(left) && IsNegation(right, out var negatedRight))
            {
                return negatedRight;
            }

            if (IsOne(right) && IsNegation(left, out var negatedLeft))
            {
                return negatedLeft;
            }
        }

        return null;
    }

    /// <summary><c>x.OnesLike()</c>, <c>x.AsOnes()</c>, <c>ones_like(x)</c>: a tensor of ones shaped like <paramref name="shape"/>.</summary>
    private static bool IsOnesLike(IOperation operation, IOperation shape) =>
        Strip(operation) is IInvocationOperation { TargetMethod.Name: "OnesLike" or "AsOnes" or "ones_like" or "OnesAs" } ones &&
        (ones.Instance is { } instance ? SameValue(instance, shape) : ones.Arguments.Length >= 1 && SameValue(ones.Arguments[0].Value, shape));

    /// <summary>
    /// An element-wise product, sum or difference: a C# operator (also a tensor type's), or an array or tensor API's method
    /// of two operands whose result has the first operand's type — <c>a.PointwiseMultiply(b)</c>, <c>a.MultiplyElementwise(b)</c>,
    /// <c>Mul(a, b)</c>, <c>a.Add(b)</c>, <c>a.Subtract(b)</c>, a backend object's <c>NumOps.Add(a, b)</c>; a dot product
    /// (<c>y.Dot(log)</c>) is a product summed, which keeps a loss's shape.
    /// </summary>
    public static bool Elementwise(IOperation operation, out BinaryOperatorKind kind, out IOperation left, out IOperation right)
    {
        switch (Strip(operation))
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply or BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } binary:
                kind = binary.OperatorKind;
                left = binary.LeftOperand;
                right = binary.RightOperand;
                return true;
            case IInvocationOperation invocation when ElementwiseKind(invocation.TargetMethod.Name) is { } named &&
                                                      OperandsOf(invocation, out left, out right) &&
                                                      (IsOfType(left.Type, invocation.Type) || DestinationOf(invocation) is not null ||
                                                       named == BinaryOperatorKind.Multiply && IsFloating(invocation.Type) ||
                                                       IsTensorOperations(invocation.TargetMethod.ContainingType)):
                kind = named;
                return true;
            default:
                kind = BinaryOperatorKind.None;
                left = right = operation;
                return false;
        }
    }

    /// <summary>
    /// Is a value of <paramref name="operand"/>'s type one of <paramref name="result"/>'s: the same type, or a class derived
    /// from it (MathNet's <c>DenseMatrix.PointwiseLog()</c> returns the base <c>Matrix&lt;float&gt;</c>), or one implementing it.
    /// </summary>
    public static bool IsOfType(ITypeSymbol? operand, ITypeSymbol? result)
    {
        if (operand is null || result is null)
        {
            return false;
        }

        for (var type = operand; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type, result))
            {
                return true;
            }
        }

        if (result.TypeKind == TypeKind.Interface)
        {
            foreach (var implemented in operand.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented, result))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The element type of a container of numbers, where its type (or a base type) has one type argument, float or double
    /// (<c>Matrix&lt;float&gt;</c>, <c>DenseMatrix : Matrix&lt;float&gt;</c>); <see cref="SpecialType.None"/> otherwise.
    /// </summary>
    public static SpecialType NumericElementOf(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current.TypeArguments.Length == 1)
            {
                return current.TypeArguments[0].SpecialType is SpecialType.System_Single or SpecialType.System_Double
                    ? current.TypeArguments[0].SpecialType
                    : SpecialType.None;
            }
        }

        return SpecialType.None;
    }

    /// <summary>A read of a local, a parameter, or a field of this instance (not of another object): a variable of the body.</summary>
    public static bool IsPlainVariable(IOperation operation) =>
        operation is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation };

    /// <summary>
    /// The statement of a block that contains <paramref name="operation"/> (the operation itself when it is one), or null
    /// when a lambda or local function comes first (its statements are not the enclosing method's).
    /// </summary>
    public static IOperation? StatementOf(IOperation operation)
    {
        for (var current = operation; current.Parent is { } parent; current = parent)
        {
            switch (parent)
            {
                case IBlockOperation:
                    return current;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The destination of a call that writes its result into its last argument instead of returning it — MathNet's
    /// <c>y.PointwiseLog(result)</c>, <c>a.PointwiseMultiply(b, result)</c>, an own <c>x.Sigmoid(into)</c> extension: a
    /// method returning void whose last parameter has the type its operand (the receiver, or an extension's first
    /// parameter) is one of. Null for any other call.
    /// </summary>
    public static IOperation? DestinationOf(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var parameters = method.Parameters;
        if (!method.ReturnsVoid || parameters.Length == 0)
        {
            return null;
        }

        var operandType = !method.IsStatic && invocation.Instance is { } instance ? instance.Type
            : parameters.Length >= 2 ? parameters[0].Type
            : null;
        // (after the destination, options the call leaves out: MathNet's Map(f, result, Zeros zeros = AllowSkip))
        var index = parameters.Length - 1;
        while (index > 0 && IsLeftOutOption(parameters[index], invocation))
        {
            index--;
        }

        var last = parameters[index];
        if (operandType is null || last.RefKind != RefKind.None || last.Type.SpecialType != SpecialType.None ||
            !IsOfType(operandType, last.Type) && !IsOfType(last.Type, operandType))
        {
            return null;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (SymbolEqualityComparer.Default.Equals(argument.Parameter, last))
            {
                return argument.ArgumentKind == ArgumentKind.DefaultValue ? null : argument.Value;
            }
        }

        return null;
    }

    private static bool IsLeftOutOption(IParameterSymbol parameter, IInvocationOperation invocation) =>
        parameter.IsOptional &&
        (parameter.Type.TypeKind == TypeKind.Enum || parameter.Type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Int32 or
            SpecialType.System_Single or SpecialType.System_Double) &&
        IsLeftOut(parameter, invocation);

    /// <summary>Does the call leave the parameter out (its default passed, or no argument for it)?</summary>
    public static bool IsLeftOut(IParameterSymbol parameter, IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (SymbolEqualityComparer.Default.Equals(argument.Parameter, parameter))
            {
                return argument.ArgumentKind == ArgumentKind.DefaultValue;
            }
        }

        return true;
    }

    private static BinaryOperatorKind? ElementwiseKind(string name) => name switch
    {
        "Multiply" or "multiply" or "Mul" or "mul" or "MultiplyElementwise" or "ElementwiseMultiply" or "ElementWiseMultiply" or
            "PointwiseMultiply" or "Hadamard" or "HadamardProduct" or "Dot" or "dot" or "DotProduct" or "ElementMultiply" or
            "ElementwiseProduct" or "EltMul" => BinaryOperatorKind.Multiply,
        "Add" or "add" or "Plus" or "ElementAdd" => BinaryOperatorKind.Add,
        "Subtract" or "subtract" or "Sub" or "sub" or "Minus" or "ElementSubtract" => BinaryOperatorKind.Subtract,
        _ => null,
    };

    /// <summary>The two operands of an instance method of one argument or a static (or extension) method of two.</summary>
    private static bool OperandsOf(IInvocationOperation invocation, out IOperation left, out IOperation right)
    {
        var arguments = invocation.Arguments;
        if (!invocation.TargetMethod.IsStatic && invocation.Instance is { } instance &&
            (arguments.Length == 1 || arguments.Length > 1 && OnlyFirstIsGiven(arguments) ||
             arguments.Length == 2 && DestinationOf(invocation) is not null))
        {
            // a.Mul(b), also a.Mul(b, inline = false, result = null) with the options left out
            left = instance;
            right = arguments[0].Value;
            return true;
        }

        // a static (or extension) method of two, or a backend object's method of two of the type it returns
        // (K.Add(a, b), NumOps.Add(a, b))
        if (arguments.Length == 2 && (invocation.TargetMethod.IsStatic ||
                                      SymbolEqualityComparer.Default.Equals(arguments[0].Value.Type, invocation.Type) &&
                                      SymbolEqualityComparer.Default.Equals(arguments[1].Value.Type, invocation.Type)))
        {
            left = arguments[0].Value;
            right = arguments[1].Value;
            return true;
        }

        left = right = invocation;
        return false;
    }

    /// <summary>
    /// <c>System.Numerics.Tensors.Tensor</c>: its operations take <c>ReadOnlyTensorSpan&lt;T&gt;</c> (a <c>Tensor&lt;T&gt;</c>
    /// converts implicitly) or a scalar <c>T</c>, and return a new <c>Tensor&lt;T&gt;</c>.
    /// </summary>
    private static bool IsTensorOperations(INamedTypeSymbol? type) =>
        type is { Name: "Tensor", IsStatic: true, ContainingNamespace: { Name: "Tensors", ContainingNamespace: { Name: "Numerics", ContainingNamespace.Name: "System" } } };

    /// <summary>
    /// A two-sided clamp by its name, in every API the rules read: <c>Math.Clamp</c>, <c>tensor.clamp</c>, <c>np.clip</c>,
    /// an own <c>Clip</c>/<c>Clipped</c>/<c>Clamped</c>, TensorFlow's <c>clip_by_value</c>. The one list for guards, the
    /// guard-stripping comparison and the range analysis.
    /// </summary>
    public static bool IsClampName(string name) =>
        name is "Clamp" or "clamp" or "clip" or "Clip" or "Clipped" or "Clamped" or "clip_by_value";

    /// <summary>Is the first argument given and every later one left out (an optional parameter's default)?</summary>
    private static bool OnlyFirstIsGiven(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments) =>
        arguments[0].ArgumentKind != ArgumentKind.DefaultValue && AllLeftOut(arguments, 1);

    /// <summary>Does the call leave out every argument from <paramref name="start"/> on (optional parameters' defaults)?</summary>
    public static bool AllLeftOut(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, int start)
    {
        for (var i = start; i < arguments.Length; i++)
        {
            if (arguments[i].ArgumentKind != ArgumentKind.DefaultValue)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsFloating(ITypeSymbol? type) => type?.SpecialType is SpecialType.System_Double or SpecialType.System_Single;

    /// <summary>
    /// Does the value, or anything it is computed from, fail to bind (an invalid operation, an error type: a name from an
    /// assembly the build lacks)? Then the tests and bounds around it cannot be read either, and a rule that needs them
    /// does not judge it.
    /// </summary>
    public static bool HasBindingErrors(IOperation operation)
    {
        foreach (var o in Descendants(operation))
        {
            if (o is IInvalidOperation || o.Type is { TypeKind: TypeKind.Error })
            {
                return true;
            }
        }

        return operation is IInvalidOperation || operation.Type is { TypeKind: TypeKind.Error };
    }

    public static bool IsNegation(IOperation operation, out IOperation operand)
    {
        if (Strip(operation) is IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } unary)
        {
            operand = unary.Operand;
            return true;
        }

        if (Strip(operation) is IInvocationOperation { Arguments.Length: 1 } call && IsNegationCall(call))
        {
            operand = call.Arguments[0].Value;
            return true;
        }

        // t.Neg(): an own tensor type's negation as an instance method
        if (Strip(operation) is IInvocationOperation { Instance: { } negated } instanceNegation &&
            AllLeftOut(instanceNegation.Arguments, 0) &&
            IsNegationName(instanceNegation.TargetMethod.Name) && SymbolEqualityComparer.Default.Equals(instanceNegation.Type, negated.Type))
        {
            operand = negated;
            return true;
        }

        // x * -1, -1 * x, x.Multiply(-1): a tensor API's negation by a scalar
        if (Elementwise(operation, out var kind, out var left, out var right) && kind == BinaryOperatorKind.Multiply)
        {
            if (IsConstant(right, -1))
            {
                operand = left;
                return true;
            }

            if (IsConstant(left, -1))
            {
                operand = right;
                return true;
            }
        }

        operand = operation;
        return false;
    }

    /// <summary><c>K.Neg(x)</c>, <c>Negate(x)</c>: an own tensor API's one-argument negation, whose result has its argument's type.</summary>
    public static bool IsNegationCall(IInvocationOperation call) =>
        IsNegationName(call.TargetMethod.Name) && call.Arguments.Length == 1 &&
        SymbolEqualityComparer.Default.Equals(call.Type, call.Arguments[0].Value.Type);

    private static bool IsNegationName(string name) => name is "Neg" or "Negate" or "neg" or "negative";

    /// <summary>The symbol a simple reference names: a local, parameter, field or property (without arguments).</summary>
    public static ISymbol? ReferencedSymbol(IOperation operation) => Strip(operation) switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation { Arguments.Length: 0 } property => property.Property,
        _ => null,
    };

    /// <summary>The variable a value is read from: the array (or indexed collection) of an element, of an element…, or the
    /// local, parameter, field or property itself (<c>e[i][j]</c>, <c>e[i, j]</c> → e).</summary>
    public static ISymbol? RootSymbol(IOperation value)
    {
        var operation = Strip(value);
        for (var depth = 0; depth < 8; depth++)
        {
            switch (operation)
            {
                case IArrayElementReferenceOperation element:
                    operation = Strip(element.ArrayReference);
                    continue;
                case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance }:
                    operation = Strip(instance);
                    continue;
                default:
                    return ReferencedSymbol(operation);
            }
        }

        return null;
    }

    /// <summary>Do two operations certainly denote the same value expression (same symbol, or same text)?</summary>
    public static bool SameValue(IOperation a, IOperation b)
    {
        a = StripGuards(Strip(a));
        b = StripGuards(Strip(b));
        if (ReferencedSymbol(a) is { } sa && ReferencedSymbol(b) is { } sb &&
            a is not IFieldReferenceOperation { Instance: not null and not IInstanceReferenceOperation } &&
            b is not IFieldReferenceOperation { Instance: not null and not IInstanceReferenceOperation })
        {
            return SymbolEqualityComparer.Default.Equals(sa, sb);
        }

        // the same tokens, trivia aside (white space, comments): compared in the trees, without a string per side
        return a.Syntax.RawKind == b.Syntax.RawKind && SyntaxFactory.AreEquivalent(a.Syntax, b.Syntax, topLevel: false);
    }

    /// <summary>The syntax of a node without trivia, for equality and for messages.</summary>
    /// <remarks><see cref="SyntaxNode.ToString"/> already leaves out the node's outer trivia; white space inside is removed
    /// here. (<c>WithoutTrivia()</c> would rebuild the tree around the node: far too costly for a comparison.)</remarks>
    public static string SyntaxText(SyntaxNode node)
    {
        var text = node.ToString();
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Removes the wrappers that keep a probability away from 0/1 (clamp, max/min with a constant, + ε).</summary>
    public static IOperation StripGuards(IOperation operation)
    {
        for (var i = 0; i < 8; i++)
        {
            operation = Strip(operation);
            if (operation is IInvocationOperation invocation)
            {
                var name = invocation.TargetMethod.Name;
                if ((IsClampName(name) || name is "clamp_min" or "clamp_max" or "Max" or "Min") &&
                    (invocation.Arguments.Length >= 2 || invocation.Instance is not null))
                {
                    var inner = invocation.Instance is { } instance && !invocation.TargetMethod.IsStatic
                        ? instance
                        : PickNonConstant(invocation);
                    if (inner is null)
                    {
                        return operation;
                    }

                    operation = inner;
                    continue;
                }
            }

            if (operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add)
            {
                if (IsSmallPositive(add.RightOperand))
                {
                    operation = add.LeftOperand;
                    continue;
                }

                if (IsSmallPositive(add.LeftOperand))
                {
                    operation = add.RightOperand;
                    continue;
                }
            }

            return operation;
        }

        return operation;
    }

    private static IOperation? PickNonConstant(IInvocationOperation invocation)
    {
        IOperation? candidate = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            // a bound: a constant, an ε, or 1 − ε (NumOps.Subtract(NumOps.One, eps) as generic code writes it)
            if (Constant(argument.Value) is null && !LooksLikeEpsilon(argument.Value) &&
                !(OneMinus(argument.Value) is { } complement && (LooksLikeEpsilon(complement) || IsSmallPositive(complement))))
            {
                if (candidate is not null)
                {
                    return null;
                }

                candidate = argument.Value;
            }
        }

        return candidate;
    }

    /// <summary>A constant in (0, 0.5) or a name like eps/epsilon/tiny (the operand of a guard such as <c>p + eps</c>).</summary>
    /// <summary>
    /// <c>ε + 1</c> or <c>1 + ε</c> with a small positive ε (also folded into one constant just above 1): the minuend of a
    /// complement written with its guard in front, <c>log(ε + 1 - p)</c>, which is <c>log((1 - p) + ε)</c>.
    /// </summary>
    public static bool IsOnePlusSmall(IOperation operation)
    {
        var stripped = Strip(operation);
        if (Constant(stripped) is { } c)
        {
            return c > 1 && c <= 1 + 1e-3;
        }

        return stripped is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum &&
               (IsOne(sum.LeftOperand) && IsSmallPositive(sum.RightOperand) || IsOne(sum.RightOperand) && IsSmallPositive(sum.LeftOperand));
    }

    public static bool IsSmallPositive(IOperation operation)
    {
        if (Constant(operation) is { } c)
        {
            // 1e-50f is 0 as a float, but written as an epsilon: a guard in intent (LOSS005 reports that it vanishes)
            return c > 0 && c < 0.5 || c == 0 && IsWrittenSmallPositive(operation);
        }

        return LooksLikeEpsilon(operation);
    }

    public static bool LooksLikeEpsilon(IOperation operation)
    {
        var stripped = Strip(operation);
        if (stripped is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } minus && IsOne(minus.LeftOperand))
        {
            return LooksLikeEpsilon(minus.RightOperand);
        }

        var name = ReferencedSymbol(stripped)?.Name;
        if (name is null)
        {
            return false;
        }

        var lower = name.ToLowerInvariant().TrimStart('_');
        return lower is "eps" or "epsilon" or "tiny" or "delta" or "minprob" or "minprobability" or "clampeps" ||
               lower.StartsWith("eps", StringComparison.Ordinal) || lower.EndsWith("epsilon", StringComparison.Ordinal) ||
               lower.EndsWith("eps", StringComparison.Ordinal);
    }

    /// <summary>The method body around <paramref name="operation"/>, through any lambdas and local functions it is in
    /// (<see cref="Root"/> stops at them).</summary>
    public static IOperation MethodRoot(IOperation operation)
    {
        var current = operation;
        while (current.Parent is { } parent)
        {
            current = parent;
        }

        return current;
    }

    /// <summary>The enclosing executable root (method body, local function, lambda, or field initializer).</summary>
    public static IOperation Root(IOperation operation)
    {
        var current = operation;
        while (current.Parent is { } parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return parent;
            }

            current = parent;
        }

        return current;
    }

    /// <summary>
    /// The root (<see cref="Root"/>) around <paramref name="use"/> that holds <paramref name="declaration"/>: the use's own
    /// root, or, for a local captured by a lambda or local function, the enclosing one that declares it (null when none does).
    /// </summary>
    public static IOperation? RootDeclaring(IOperation use, SyntaxNode declaration)
    {
        var root = Root(use);
        while (!root.Syntax.Span.Contains(declaration.Span))
        {
            if (root is not (IAnonymousFunctionOperation or ILocalFunctionOperation) || root.Parent is not { } parent)
            {
                return null;
            }

            root = Root(parent);
        }

        return root;
    }

    /// <summary>The declared symbol of the member that contains the syntax (method, property, local function, ...).</summary>
    public static ISymbol? EnclosingMemberSymbol(IOperation operation)
    {
        var model = operation.SemanticModel;
        if (model is null)
        {
            return null;
        }

        for (var node = operation.Syntax; node is not null; node = node.Parent)
        {
            if (node is MemberDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax)
            {
                var symbol = model.GetDeclaredSymbol(node);
                if (symbol is IMethodSymbol { AssociatedSymbol: { } associated })
                {
                    return associated;
                }

                if (symbol is not null)
                {
                    return symbol;
                }
            }
        }

        return null;
    }

    /// <summary>Enumerates all operations below the root (depth first), without descending into nested lambdas
    /// or local functions when <paramref name="intoFunctions"/> is false.</summary>
    public static IEnumerable<IOperation> Descendants(IOperation root, bool intoFunctions = true)
    {
        // Whole bodies are walked, so the stack is rented rather than grown from empty on every walk (the resizes were
        // the analyzers' largest source of garbage). Walks may nest: each takes its own stack from the pool.
        var stack = RentStack();
        try
        {
            stack.Push(root);
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                yield return current;
                foreach (var child in current.ChildOperations)
                {
                    if (!intoFunctions && child is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    {
                        continue;
                    }

                    stack.Push(child);
                }
            }
        }
        finally
        {
            ReturnStack(stack);
        }
    }

    [ThreadStatic]
    private static Stack<IOperation>[]? stackPool;

    private static Stack<IOperation> RentStack()
    {
        var pool = stackPool;
        if (pool is not null)
        {
            for (var i = 0; i < pool.Length; i++)
            {
                if (pool[i] is { } stack)
                {
                    pool[i] = null!;
                    return stack;
                }
            }
        }

        return new Stack<IOperation>(64);
    }

    private static void ReturnStack(Stack<IOperation> stack)
    {
        stack.Clear();
        var pool = stackPool ??= new Stack<IOperation>[4];
        for (var i = 0; i < pool.Length; i++)
        {
            if (pool[i] is null)
            {
                pool[i] = stack;
                return;
            }
        }
    }

    /// <summary>
    /// The names that say what code an operation is in, innermost first, read from syntax (no binding): the enclosing
    /// local functions, the member (a property for its accessors), and the types around it. Constructors, operators and
    /// field initializers contribute their types' names only. Walked without allocating (it runs for most logarithms):
    /// start with <paramref name="cursor"/> at the operation's syntax, and call again while it returns a name.
    /// </summary>
    public static string? NextEnclosingName(ref SyntaxNode? cursor)
    {
        for (var current = cursor?.Parent; current is not null; current = current.Parent)
        {
            cursor = current;
            if ((SyntaxKind)current.RawKind is SyntaxKind.NamespaceDeclaration or SyntaxKind.FileScopedNamespaceDeclaration)
            {
                cursor = null;
                return null;
            }

            if (DeclaredName(current) is { } name)
            {
                return name;
            }
        }

        cursor = null;
        return null;
    }

    /// <summary>The name a member, local function or type declaration declares (<see cref="NextEnclosingName"/>'s kinds), or null.</summary>
    public static string? DeclaredName(SyntaxNode node) =>
        // the kind (a field) first: most ancestors are expressions and statements, and a type test per declaration
        // kind walks the syntax class hierarchy
        (SyntaxKind)node.RawKind switch
        {
            SyntaxKind.LocalFunctionStatement => ((LocalFunctionStatementSyntax)node).Identifier.ValueText,
            SyntaxKind.MethodDeclaration => ((MethodDeclarationSyntax)node).Identifier.ValueText,
            SyntaxKind.PropertyDeclaration => ((PropertyDeclarationSyntax)node).Identifier.ValueText,
            SyntaxKind.EventDeclaration => ((EventDeclarationSyntax)node).Identifier.ValueText,
            SyntaxKind.ClassDeclaration or SyntaxKind.StructDeclaration or SyntaxKind.InterfaceDeclaration or
                SyntaxKind.RecordDeclaration or SyntaxKind.RecordStructDeclaration or SyntaxKind.EnumDeclaration =>
                ((BaseTypeDeclarationSyntax)node).Identifier.ValueText,
            _ => null,
        };

    /// <summary>The name of the member around an operation, local functions skipped (see <see cref="NextEnclosingName"/>).</summary>
    public static string? EnclosingMemberName(SyntaxNode node)
    {
        SyntaxNode? cursor = node;
        while (NextEnclosingName(ref cursor) is { } name)
        {
            if (cursor is not LocalFunctionStatementSyntax)
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>
    /// Is the symbol declared in source (in this compilation or a referenced project)? Asked of every called method, so
    /// answered without allocating: <see cref="ISymbol.Locations"/> and <see cref="ISymbol.DeclaringSyntaxReferences"/>
    /// build a new array on every call.
    /// </summary>
    public static bool IsInSource(ISymbol symbol) => symbol.ContainingAssembly is ISourceAssemblySymbol;

    /// <summary>The value passed for the parameter with this ordinal (named or positional; a defaulted one is the default), or null.</summary>
    public static IOperation? Argument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, int ordinal)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Ordinal == ordinal)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// The reshape of <paramref name="value"/> that keeps its elements (<c>m.Unroll()</c>, <c>Reshape()</c>, <c>Flatten()</c>,
    /// <c>ToColumnMatrix()</c>, …, with no arguments; also as an extension method), when <paramref name="parent"/> (the
    /// value's parent, or the argument it is passed as) is one; null otherwise. A term reshaped so is the same term.
    /// </summary>
    public static IInvocationOperation? ReshapeOf(IOperation? parent, IOperation value) => parent switch
    {
        IInvocationOperation { Instance: { } reshaped } reshape when IsReshape(reshape, first: 0) && ReferenceEquals(Strip(reshaped), Strip(value)) => reshape,
        IArgumentOperation { Parent: IInvocationOperation { TargetMethod.IsExtensionMethod: true, Arguments.Length: > 0 } extension } argument
            when IsReshape(extension, first: 1) && ReferenceEquals(extension.Arguments[0], argument) => extension,
        _ => null,
    };

    /// <summary>A reshape by its name, called with no explicit argument after <paramref name="first"/> (<c>Unroll(int direction = 1)</c>).</summary>
    private static bool IsReshape(IInvocationOperation call, int first)
    {
        if (call.TargetMethod.Name is not ("Unroll" or "Reshape" or "Flatten" or "ToColumnMatrix" or "ToRowMatrix" or "ToVector"))
        {
            return false;
        }

        for (var i = first; i < call.Arguments.Length; i++)
        {
            if (call.Arguments[i].ArgumentKind != ArgumentKind.DefaultValue)
            {
                return false;
            }
        }

        return true;
    }

    public static int Line(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

    /// <summary>"line 15", or "line 15 of Policy.cs" when <paramref name="node"/> is in another file than <paramref name="site"/>.</summary>
    public static string LineFrom(SyntaxNode node, SyntaxNode site) => "line " + LineNear(node, site);

    /// <summary>The line of <paramref name="node"/>, with its file's name when that is another file than <paramref name="site"/>'s
    /// (<c>12</c>, <c>90 of DefaultNet.cs</c>), for messages that say "(line …)".</summary>
    public static string LineNear(SyntaxNode node, SyntaxNode site) =>
        OtherFileName(node, site) is { } file ? $"{Line(node)} of {file}" : Line(node).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The file name of <paramref name="node"/> when it is in another file than <paramref name="site"/>, else null.</summary>
    public static string? OtherFileName(SyntaxNode node, SyntaxNode site) =>
        node.SyntaxTree == site.SyntaxTree || string.IsNullOrEmpty(node.SyntaxTree.FilePath)
            ? null
            : System.IO.Path.GetFileName(node.SyntaxTree.FilePath);

    public static bool IsFloat(ITypeSymbol? type) => type?.SpecialType == SpecialType.System_Single;

    public static bool IsDouble(ITypeSymbol? type) => type?.SpecialType == SpecialType.System_Double;
}

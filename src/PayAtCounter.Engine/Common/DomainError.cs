namespace PayAtCounter.Engine;

/// <summary>Why a command was refused; the server maps the kind to an HTTP status.</summary>
public enum DomainErrorKind
{
    /// <summary>The input breaks a rule (400).</summary>
    Invalid,
    /// <summary>The resource does not exist for this account (404).</summary>
    NotFound,
    /// <summary>The resource's state forbids the operation where the contract declares 409.</summary>
    Conflict,
    /// <summary>The operation is not possible at this point of a session (422).</summary>
    Unprocessable,
    /// <summary>The terminal cannot take a session: offline, busy or in its menu (404 "terminal unavailable").</summary>
    Unavailable,
}

/// <summary>A refused command: kind, a message for <c>detail</c>, and the field it concerns if any.</summary>
public sealed record DomainError(DomainErrorKind Kind, string Message, string? Field = null)
{
    /// <summary>A 400 error, optionally about one field.</summary>
    public static DomainError Invalid(string message, string? field = null) => new(DomainErrorKind.Invalid, message, field);

    /// <summary>A 404 error.</summary>
    public static DomainError NotFound(string message) => new(DomainErrorKind.NotFound, message);

    /// <summary>A 409 error.</summary>
    public static DomainError Conflict(string message) => new(DomainErrorKind.Conflict, message);

    /// <summary>A 404 "terminal unavailable" error.</summary>
    public static DomainError Unavailable(string message) => new(DomainErrorKind.Unavailable, message);

    /// <summary>A 422 error.</summary>
    public static DomainError Unprocessable(string message) => new(DomainErrorKind.Unprocessable, message);
}

/// <summary>Either a value or the reason there is none.</summary>
public readonly record struct Outcome<T>
{
    private Outcome(T? value, DomainError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The value when the command succeeded.</summary>
    public T? Value { get; }

    /// <summary>The error when it failed.</summary>
    public DomainError? Error { get; }

    /// <summary>True when the command succeeded.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Wraps a value.</summary>
    public static implicit operator Outcome<T>(T value) => new(value, null);

    /// <summary>Wraps an error.</summary>
    public static implicit operator Outcome<T>(DomainError error) => new(default, error);
}

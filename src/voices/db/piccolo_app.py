"""The Piccolo app that owns voices' tables and migrations."""

from pathlib import Path

from piccolo.conf.apps import AppConfig

from voices.db.tables import (
    Answer,
    AuditEvent,
    ConfirmedLabel,
    InviteCode,
    InvolvementGroup,
    JobRun,
    MonthlyReport,
    Officer,
    OfficerSession,
    RecoveryCode,
    SetPasswordLink,
    SignInThrottle,
    SpentFormToken,
    Submission,
    Survey,
    SurveyVersion,
    TaggerVersion,
    ThemeAssignment,
    ThemeHistory,
    ThemeReviewChange,
    ThemeRun,
    ThemeRunStatus,
    ThemeSummaryRecord,
    WrongCodeAttempt,
    YouSaidAction,
    YouSaidQuote,
)

APP_CONFIG = AppConfig(
    app_name="voices",
    migrations_folder_path=str(Path(__file__).parent / "migrations"),
    table_classes=[
        Survey,
        SurveyVersion,
        Submission,
        Answer,
        SpentFormToken,
        ThemeRun,
        ThemeRunStatus,
        ThemeAssignment,
        ThemeSummaryRecord,
        ThemeHistory,
        ConfirmedLabel,
        ThemeReviewChange,
        TaggerVersion,
        Officer,
        RecoveryCode,
        SetPasswordLink,
        SignInThrottle,
        OfficerSession,
        AuditEvent,
        # After Officer: emptied (in reverse) before the officers they belong to.
        InvolvementGroup,
        InviteCode,
        WrongCodeAttempt,
        YouSaidAction,
        YouSaidQuote,
        JobRun,
        MonthlyReport,
    ],
)

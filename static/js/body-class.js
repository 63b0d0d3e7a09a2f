// GOV.UK Frontend styles depend on these classes being set before the page is painted. A
// classic (not module) script at the start of <body>, so no inline script is needed.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')

@echo off
rem Launcher of the concurrentsessions search command on Windows (CI runs it under Wine).
rem Same rules as concurrentsessions.sh: files found from this script's own folder, stdout only
rem for protocol frames, Java 17+ from local\concurrentsessions.conf [java] home, then
rem JAVA_HOME, then PATH; without one, a getinfo ERROR frame says what to install or set.
rem The version comes from <java home>\release (no JVM started for it); java -version only
rem when that file is missing. JVM warnings always go to stderr (the unified log would write
rem them to stdout). No AppCDS archive on Windows: the JDK's default class-data archive only.
rem Only constructs that cmd.exe and Wine's cmd run alike: no delayed expansion, no findstr or
rem where (stubs in Wine), no CALL with values (it expands % and doubles ^ a second time). The
rem JVM options travel in JDK_JAVA_OPTIONS, set from FOR variables, so a conf value with
rem quotes, %, ^, & or ! never passes through cmd's parser. cmd cannot write a bare LF alike
rem in both (Wine turns the caret-newline trick into a CR): the ERROR replies are prebuilt
rem frames beside this script, typed byte for byte. No % in messages: Wine expands a value's %VAR%
rem again when it is echoed.
setlocal EnableExtensions DisableDelayedExpansion

set "HERE=%~dp0"
set "APP=%HERE%..\.."
if not exist "%APP%\java\concurrentsessions.jar" set "APP=%HERE%.."
set "JAR=%APP%\java\concurrentsessions.jar"
set "CONF=%APP%\local\concurrentsessions.conf"
set "LOG_OPTIONS=-Xlog:disable -Xlog:all=warning:stderr"
set "JDK_JAVA_OPTIONS=%LOG_OPTIONS% -XX:+UseParallelGC -XX:ParallelGCThreads=1 -Xshare:auto -XX:-UsePerfData -XX:Tier4InvocationThreshold=20000 -XX:Tier4MinInvocationThreshold=2400 -XX:Tier4CompileThreshold=60000 -XX:Tier4BackEdgeThreshold=160000 -XX:FreqInlineSize=150"
set "CONF_HOME="
set "JAVA="

if not exist "%JAR%" (
  set "FRAME=%HERE%concurrentsessions.incomplete.frame"
  set "MESSAGE=The o365_concurrent_sessions app is incomplete: java\concurrentsessions.jar was not found. Reinstall the app."
  goto :reply_error
)

rem The file holds one [java] stanza; its home and options keys count, options replacing the defaults.
if exist "%CONF%" for /f "usebackq eol=# tokens=1,* delims== " %%A in ("%CONF%") do (
  if /i "%%A"=="home" set "CONF_HOME=%%B"
  if /i "%%A"=="options" set "JDK_JAVA_OPTIONS=%LOG_OPTIONS% %%B"
)

if defined CONF_HOME (
  set "CANDIDATE=%CONF_HOME%\bin\java.exe"
  set "FROM=home in local\concurrentsessions.conf"
  call :consider
)
if not defined JAVA if defined JAVA_HOME (
  set "CANDIDATE=%JAVA_HOME%\bin\java.exe"
  set "FROM=JAVA_HOME"
  call :consider
)
if not defined JAVA (
  for %%J in (java.exe) do set "CANDIDATE=%%~$PATH:J"
  set "FROM=PATH"
)
if not defined JAVA if defined CANDIDATE call :consider
if not defined JAVA (
  set "FRAME=%HERE%concurrentsessions.no-java.frame"
  set "MESSAGE=concurrentsessions needs Java 17 or later on this Splunk server (search head and indexers). Install a Java 17+ runtime, then set JAVA_HOME for splunkd or set home under [java] in SPLUNK_HOME\etc\apps\o365_concurrent_sessions\local\concurrentsessions.conf."
  goto :reply_error
)

"%JAVA%" -jar "%JAR%" %*
exit /b %ERRORLEVEL%

rem CANDIDATE (a java.exe, found through FROM) becomes JAVA when it is Java 17 or later.
:consider
if not exist "%CANDIDATE%" (
  >&2 echo concurrentsessions: %FROM%: "%CANDIDATE%" does not exist
  exit /b 0
)
set "VERSION="
set "MAJOR=0"
set "VERSION_FILE=%TEMP%\concurrentsessions-%RANDOM%%RANDOM%.version"
rem The folder above bin\, by ~dp twice: Wine's ~f does not resolve "bin\..".
for %%J in ("%CANDIDATE%") do set "CANDIDATE_BIN=%%~dpJ"
for %%H in ("%CANDIDATE_BIN:~0,-1%") do set "CANDIDATE_HOME=%%~dpH"
rem FIND picks the line: Wine's FOR /F fails ("File name is too long") on the long MODULES value.
rem -version without the launcher's options, which the java launcher would apply to it too.
setlocal
set "JDK_JAVA_OPTIONS="
if exist "%CANDIDATE_HOME%release" (
  "%SystemRoot%\System32\find.exe" "JAVA_VERSION=" <"%CANDIDATE_HOME%release" >"%VERSION_FILE%"
) else (
  "%CANDIDATE%" -version 2>"%VERSION_FILE%" >nul
)
endlocal
for /f "usebackq tokens=1-3 delims== " %%A in ("%VERSION_FILE%") do (
  if "%%A"=="JAVA_VERSION" set "VERSION=%%~B"
  if /i "%%B"=="version" set "VERSION=%%~C"
)
del "%VERSION_FILE%" >nul 2>&1
if not defined VERSION (
  >&2 echo concurrentsessions: %FROM%: "%CANDIDATE%" did not tell its version
  exit /b 0
)
for /f "tokens=1,2 delims=.-+_" %%M in ("%VERSION%") do (
  set "MAJOR=%%M"
  if "%%M"=="1" set "MAJOR=%%N"
)
if %MAJOR% GEQ 17 (
  set "JAVA=%CANDIDATE%"
) else (
  >&2 echo concurrentsessions: %FROM%: "%CANDIDATE%" is Java %MAJOR%, older than 17
)
exit /b 0

:reply_error
rem Read the getinfo header line (the request, with its session key, is never echoed), then
rem answer with the prebuilt frame: header, metadata with the ERROR, empty body.
set /p HEADER=
if exist "%FRAME%" type "%FRAME%"
>&2 echo concurrentsessions: %MESSAGE%
exit /b 1

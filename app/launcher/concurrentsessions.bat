@echo off
rem Launcher of the concurrentsessions search command on Windows (best effort: not run in CI).
rem Same rules as concurrentsessions.sh: files found from this script's own folder, stdout only
rem for protocol frames, Java 17+ from local\concurrentsessions.conf [java] home, then
rem JAVA_HOME, then PATH; without one, a getinfo ERROR frame says what to install or set.
rem The version comes from <java home>\release (no JVM started for it); java -version only
rem when that file is missing. JVM warnings always go to stderr (the unified log would write
rem them to stdout). No AppCDS archive on Windows: the JDK's default class-data archive only.
setlocal EnableExtensions DisableDelayedExpansion

set "HERE=%~dp0"
set "APP=%HERE%..\.."
if not exist "%APP%\java\concurrentsessions.jar" set "APP=%HERE%.."
set "JAR=%APP%\java\concurrentsessions.jar"
set "OPTIONS=-XX:+UseParallelGC -XX:ParallelGCThreads=1 -Xshare:auto -XX:-UsePerfData -XX:Tier4InvocationThreshold=20000 -XX:Tier4MinInvocationThreshold=2400 -XX:Tier4CompileThreshold=60000 -XX:Tier4BackEdgeThreshold=160000 -XX:FreqInlineSize=150"
set "LOG_OPTIONS=-Xlog:disable -Xlog:all=warning:stderr"
set "CONF=%APP%\local\concurrentsessions.conf"
set "CONF_HOME="
set "CONF_OPTIONS="
set "JAVA="

if not exist "%JAR%" (
  set "MESSAGE=The o365_concurrent_sessions app is incomplete: java\concurrentsessions.jar was not found. Reinstall the app."
  goto :reply_error
)

rem The file holds one [java] stanza; read its home and options keys.
if exist "%CONF%" (
  for /f "usebackq eol=# tokens=1,* delims== " %%A in ("%CONF%") do (
    if /i "%%A"=="home" set "CONF_HOME=%%B"
    if /i "%%A"=="options" set "CONF_OPTIONS=%%B"
  )
)
if defined CONF_OPTIONS set "OPTIONS=%CONF_OPTIONS%"

if defined CONF_HOME call :consider "%CONF_HOME%\bin\java.exe"
if not defined JAVA if defined JAVA_HOME call :consider "%JAVA_HOME%\bin\java.exe"
if not defined JAVA (
  for /f "delims=" %%J in ('where java.exe 2^>nul') do (
    if not defined JAVA call :consider "%%J"
  )
)
if not defined JAVA (
  set "MESSAGE=concurrentsessions needs Java 17 or later on this Splunk server (search head and indexers). Install a Java 17+ runtime, then set JAVA_HOME for splunkd or set home under [java] in %%SPLUNK_HOME%%\etc\apps\o365_concurrent_sessions\local\concurrentsessions.conf."
  goto :reply_error
)

"%JAVA%" %LOG_OPTIONS% %OPTIONS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%

:consider
if not exist "%~1" exit /b 0
set "VERSION="
for %%H in ("%~dp1..") do set "JAVA_HOME_DIR=%%~fH"
if exist "%JAVA_HOME_DIR%\release" (
  for /f "usebackq tokens=1,* delims==" %%A in ("%JAVA_HOME_DIR%\release") do (
    if "%%A"=="JAVA_VERSION" if not defined VERSION set "VERSION=%%~B"
  )
)
if not defined VERSION for /f "tokens=3" %%V in ('""%~1" -version 2>&1 | findstr /i /c:" version """') do if not defined VERSION set "VERSION=%%~V"
if not defined VERSION exit /b 0
for /f "tokens=1,2 delims=.-+_" %%M in ("%VERSION%") do (
  set "MAJOR=%%M"
  if "%%M"=="1" set "MAJOR=%%N"
)
if %MAJOR% GEQ 17 set "JAVA=%~1"
exit /b 0

:reply_error
rem Read the getinfo header line (the request, with its session key, is never echoed), then
rem write one frame whose metadata length is the byte size of a file holding it.
set /p HEADER=
set "META_FILE=%TEMP%\concurrentsessions-%RANDOM%%RANDOM%.json"
setlocal EnableDelayedExpansion
set "META={"finished":true,"error":"!MESSAGE!","inspector":{"messages":[["ERROR","!MESSAGE!"]]}}"
<nul set /p "=!META!" > "!META_FILE!"
for %%F in ("!META_FILE!") do set "LENGTH=%%~zF"
(set LF=^
%=empty line above is the LF=%
)
<nul set /p "=chunked 1.0,!LENGTH!,0!LF!"
type "!META_FILE!"
del "!META_FILE!" >nul 2>&1
>&2 echo concurrentsessions: !MESSAGE!
endlocal
exit /b 1

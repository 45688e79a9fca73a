# bash completion for hsscodec(1)                          -*- shell-script -*-
# Installed as share/bash-completion/completions/hsscodec. Needs nothing but
# bash itself (not the bash-completion package's helpers). The option lists
# are checked against each command's --help by tests/cli/test_docs.py.

_hsscodec()
{
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=""
    if ((COMP_CWORD > 0)); then
        prev=${COMP_WORDS[COMP_CWORD - 1]}
    fi
    # "--opt=value": bash splits the word at '=' (COMP_WORDBREAKS).
    if [[ $cur == "=" ]]; then
        cur=""
    elif [[ $prev == "=" ]] && ((COMP_CWORD > 1)); then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi

    local commands="url get check-request check-response check-har help"
    local request_opts="--project-id --registry-addr --namespace --username
        --enterprise-project-id --password-file --password-stdin --endpoint --region
        --allow-http --show-secrets"
    local fields="image_command images_download_url swr_image_pull_command"

    # The subcommand: the first word after "hsscodec" that is not an option.
    local i cmd=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
        -*) ;;
        *)
            cmd=${COMP_WORDS[i]}
            break
            ;;
        esac
    done

    COMPREPLY=()
    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            mapfile -t COMPREPLY < <(compgen -W "--help --version" -- "$cur")
        else
            mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
        fi
        return 0
    fi

    # The value of an option.
    case $prev in
    --password-file | --token-file | --cacert | --headers)
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
        return 0
        ;;
    --field)
        mapfile -t COMPREPLY < <(compgen -W "$fields" -- "$cur")
        return 0
        ;;
    --status)
        mapfile -t COMPREPLY < <(compgen -W "200 400 401 403 404 429 500 502 503" -- "$cur")
        return 0
        ;;
    --format)
        mapfile -t COMPREPLY < <(compgen -W "text jsonl" -- "$cur")
        return 0
        ;;
    --project-id | --registry-addr | --namespace | --username | --enterprise-project-id | \
        --endpoint | --region | --sdk-date | --connect-timeout | --timeout | --max-body)
        return 0 # free text: nothing to offer
        ;;
    esac

    local opts="" operand=""
    case $cmd in
    url)
        opts="$request_opts --help --version"
        ;;
    get)
        opts="$request_opts --token-file --sdk-date --cacert --connect-timeout --timeout
            --max-body --field --allow-unknown --dry-run --verbose --help --version"
        ;;
    check-request)
        opts="--format --allow-unknown --headers --help --version"
        operand=file
        ;;
    check-response)
        opts="--format --status --allow-unknown --max-body --field --help --version"
        operand=file
        ;;
    check-har)
        opts="--format --allow-unknown --max-body --quiet --help --version"
        operand=file
        ;;
    help)
        if ((COMP_CWORD == i + 1)); then
            mapfile -t COMPREPLY < <(compgen -W "${commands% help}" -- "$cur")
        fi
        return 0
        ;;
    *)
        return 0
        ;;
    esac

    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
    elif [[ $operand == file ]]; then
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    elif [[ $operand == stdin ]]; then
        mapfile -t COMPREPLY < <(compgen -W "-" -- "$cur")
    fi
    return 0
}
complete -F _hsscodec hsscodec

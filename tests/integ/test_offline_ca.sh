#!/usr/bin/env bash
# placeholder replaced below
echo "1..0"
